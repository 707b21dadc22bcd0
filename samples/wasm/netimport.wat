;; netimport (bad module): imports a function from a module other than
;; wasi_snapshot_preview1. The sandbox must reject it when loading, before any code runs.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "edgemarket_net" "connect"
    (func $connect (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; connect to 10.0.0.1:80 (never runs: the module is rejected at load)
    (drop (call $connect (i32.const 0x0A000001) (i32.const 80))))
)
