;; echo: copies stdin to stdout unchanged.
;;
;; Memory layout (page 0 holds bookkeeping, page 1 is the I/O buffer):
;;   0..8     iovec {ptr, len} used for both fd_read and fd_write
;;   8..12    count written back by fd_read / fd_write
;;   65536..  64 KiB data buffer
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

  ;; Writes len bytes at ptr to stdout, retrying short writes; exits 1 on an I/O error.
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
        (call $write_all (global.get $BUF) (local.get $n))
        (br $next))))
)
