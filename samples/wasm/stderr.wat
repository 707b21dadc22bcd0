;; stderr: copies stdin to stderr (its logs), then prints "logged\n" on stdout.
;;
;; Memory layout (page 0 holds bookkeeping, page 1 is the I/O buffer):
;;   0..8     iovec {ptr, len} used for both fd_read and fd_write
;;   8..12    count written back by fd_read / fd_write
;;   16..23   "logged\n"
;;   65536..  64 KiB data buffer
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 2)
  (data (i32.const 16) "logged\n")

  (global $BUF i32 (i32.const 65536))
  (global $BUF_LEN i32 (i32.const 65536))

  ;; Writes len bytes at ptr to fd, retrying short writes; exits 1 on an I/O error.
  (func $write_all (param $fd i32) (param $ptr i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $ptr))
        (i32.store (i32.const 4) (local.get $len))
        (if (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))
          (then (call $proc_exit (i32.const 1))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.load (i32.const 8))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 8))))
        (br $more))))

  ;; Reads up to BUF_LEN bytes from stdin into BUF; returns 0 at end of input.
  (func $read_chunk (result i32)
    (i32.store (i32.const 0) (global.get $BUF))
    (i32.store (i32.const 4) (global.get $BUF_LEN))
    (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))
      (then (call $proc_exit (i32.const 1))))
    (i32.load (i32.const 8)))

  (func (export "_start")
    (local $n i32)
    (block $eof
      (loop $next
        (local.set $n (call $read_chunk))
        (br_if $eof (i32.eqz (local.get $n)))
        (call $write_all (i32.const 2) (global.get $BUF) (local.get $n))
        (br $next)))
    (call $write_all (i32.const 1) (i32.const 16) (i32.const 7)))
)
