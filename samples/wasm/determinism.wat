;; determinism: prints what the host's clock and random source told it, as
;;   "time=<realtime clock in ns> random=<8 random bytes as 16 lowercase hex digits>\n"
;; In the EdgeMarket sandbox the clock is frozen at 0 and the random stream is seeded, so this
;; prints the same line on every run. Exits 1 if either WASI call fails.
;;
;; Memory layout: clock result at 16 (i64), random bytes at 24..32, output line built at 256.
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 1)

  (data (i32.const 64) "time=")
  (data (i32.const 80) " random=")
  (data (i32.const 96) "0123456789abcdef")

  (global $LINE i32 (i32.const 256))
  (global $end (mut i32) (i32.const 256))

  (func $append (param $ptr i32) (param $len i32)
    (memory.copy (global.get $end) (local.get $ptr) (local.get $len))
    (global.set $end (i32.add (global.get $end) (local.get $len))))

  (func $append_byte (param $b i32)
    (i32.store8 (global.get $end) (local.get $b))
    (global.set $end (i32.add (global.get $end) (i32.const 1))))

  (func $append_u64 (param $v i64)
    ;; digits go right to left into scratch 32..52, then are copied
    (local $p i32)
    (local.set $p (i32.const 52))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (call $append (local.get $p) (i32.sub (i32.const 52) (local.get $p))))

  (func $append_hex (param $ptr i32) (param $len i32)
    (local $b i32)
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $b (i32.load8_u (local.get $ptr)))
        (call $append_byte (i32.load8_u (i32.add (i32.const 96) (i32.shr_u (local.get $b) (i32.const 4)))))
        (call $append_byte (i32.load8_u (i32.add (i32.const 96) (i32.and (local.get $b) (i32.const 15)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $each))))

  (func (export "_start")
    ;; clock 0 is realtime; precision 1 ns
    (if (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 16))
      (then (call $proc_exit (i32.const 1))))
    (if (call $random_get (i32.const 24) (i32.const 8))
      (then (call $proc_exit (i32.const 1))))
    (call $append (i32.const 64) (i32.const 5))
    (call $append_u64 (i64.load (i32.const 16)))
    (call $append (i32.const 80) (i32.const 8))
    (call $append_hex (i32.const 24) (i32.const 8))
    (call $append_byte (i32.const 10))
    ;; one write of the whole line; a short write is not worth handling for a demo
    (i32.store (i32.const 0) (global.get $LINE))
    (i32.store (i32.const 4) (i32.sub (global.get $end) (global.get $LINE)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
