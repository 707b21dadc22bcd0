;; upper: copies stdin to stdout with ASCII a-z turned into A-Z; every other byte
;; (including UTF-8 multi-byte sequences) passes through unchanged.
;;
;; Memory layout as in echo.wat: iovec at 0, count at 8, 64 KiB buffer at 65536.
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 2)

  (global $BUF i32 (i32.const 65536))
  (global $BUF_LEN i32 (i32.const 65536))

  (func $write_all (param $ptr i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
          (then (call $proc_exit (i32.const 1))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.load (i32.const 8))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 8))))
        (br $more))))

  (func $read_chunk (result i32)
    (i32.store (i32.const 0) (global.get $BUF))
    (i32.store (i32.const 4) (global.get $BUF_LEN))
    (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))
      (then (call $proc_exit (i32.const 1))))
    (i32.load (i32.const 8)))

  ;; Uppercases len bytes at ptr in place.
  (func $upcase (param $ptr i32) (param $len i32)
    (local $end i32)
    (local $c i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $ptr)))
        ;; c - 'a' <= 'z' - 'a' (unsigned) is the one-compare range test for a..z
        (if (i32.le_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 25))
          (then (i32.store8 (local.get $ptr) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $each))))

  (func (export "_start")
    (local $n i32)
    (block $eof
      (loop $next
        (local.set $n (call $read_chunk))
        (br_if $eof (i32.eqz (local.get $n)))
        (call $upcase (global.get $BUF) (local.get $n))
        (call $write_all (global.get $BUF) (local.get $n))
        (br $next))))
)
