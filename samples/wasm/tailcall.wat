;; tailcall: counts down from 1,000,000 by tail calls (return_call), then prints
;; "tail calls: 1000000\n". A tail call replaces its caller's frame, so this needs no more call
;; stack than two frames; the sandbox's call-depth accounting must agree. It ignores its input.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "tail calls: 1000000\n")

  ;; returns how many calls it took to reach 0
  (func $count (param $n i32) (param $calls i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (local.get $calls))
      (else
        (return_call $count
          (i32.sub (local.get $n) (i32.const 1))
          (i32.add (local.get $calls) (i32.const 1))))))

  (func (export "_start")
    (if (i32.ne (call $count (i32.const 1000000) (i32.const 0)) (i32.const 1000000))
      (then (unreachable)))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 20))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
