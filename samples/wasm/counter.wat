;; counter: proves that every execution starts from a fresh instance. It increments a mutable
;; global, a counter in linear memory and the first byte of a data segment, then prints all
;; three as digits: always "1 1 b\n" ("a" + 1), however often it runs and however the sandbox
;; reuses what it can between runs. It ignores its input.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $runs (mut i32) (i32.const 0))
  (data (i32.const 64) "a")
  (func (export "_start")
    (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
    (i32.store (i32.const 32) (i32.add (i32.load (i32.const 32)) (i32.const 1)))
    (i32.store8 (i32.const 64) (i32.add (i32.load8_u (i32.const 64)) (i32.const 1)))
    ;; "<global> <memory> <data>\n" at 16
    (i32.store8 (i32.const 16) (i32.add (global.get $runs) (i32.const 48)))
    (i32.store8 (i32.const 17) (i32.const 32))
    (i32.store8 (i32.const 18) (i32.add (i32.load (i32.const 32)) (i32.const 48)))
    (i32.store8 (i32.const 19) (i32.const 32))
    (i32.store8 (i32.const 20) (i32.load8_u (i32.const 64)))
    (i32.store8 (i32.const 21) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
