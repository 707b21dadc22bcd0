;; spin: a slow function that finishes. Its input starts with a decimal number N (digits up to the
;; first other byte; none is 0); it counts down from N * 1000 without calling the host, then
;; writes its whole input back to stdout. The time and fuel it takes grow with N and are the same
;; for the same input, so the fault tests can hold a call on a provider for a known while.
;;
;; Memory layout: 0..8 iovec {ptr, len}, 8..12 count from fd_read / fd_write, 65536.. input.
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 2)

  (global $BUF i32 (i32.const 65536))

  ;; Reads stdin into BUF (at most 64 KiB); returns how many bytes.
  (func $read_all (result i32)
    (local $len i32)
    (block $eof
      (loop $more
        (br_if $eof (i32.ge_u (local.get $len) (i32.const 65536)))
        (i32.store (i32.const 0) (i32.add (global.get $BUF) (local.get $len)))
        (i32.store (i32.const 4) (i32.sub (i32.const 65536) (local.get $len)))
        (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))
          (then (call $proc_exit (i32.const 1))))
        (br_if $eof (i32.eqz (i32.load (i32.const 8))))
        (local.set $len (i32.add (local.get $len) (i32.load (i32.const 8))))
        (br $more)))
    (local.get $len))

  ;; The decimal number at the start of BUF[0..len).
  (func $leading_number (param $len i32) (result i64)
    (local $i i32) (local $c i32) (local $n i64)
    (block $end
      (loop $digit
        (br_if $end (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (global.get $BUF) (local.get $i))))
        (br_if $end (i32.lt_u (local.get $c) (i32.const 48)))
        (br_if $end (i32.gt_u (local.get $c) (i32.const 57)))
        (local.set $n
          (i64.add (i64.mul (local.get $n) (i64.const 10))
                   (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digit)))
    (local.get $n))

  (func (export "_start")
    (local $len i32) (local $count i64)
    (local.set $len (call $read_all))
    (local.set $count (i64.mul (call $leading_number (local.get $len)) (i64.const 1000)))
    (block $done
      (loop $spin
        (br_if $done (i64.eqz (local.get $count)))
        (local.set $count (i64.sub (local.get $count) (i64.const 1)))
        (br $spin)))
    (i32.store (i32.const 0) (global.get $BUF))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
