;; wordcount: prints the number of whitespace-separated words on stdin as an unsigned
;; decimal followed by "\n" (like `wc -w`). Whitespace is ASCII space, \t, \n, \v, \f
;; and \r; every other byte is part of a word. Empty input prints "0\n".
;;
;; Memory layout: iovec at 0, count at 8, decimal scratch at 32..64, 64 KiB buffer at 65536.
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
  (global $SCRATCH_END i32 (i32.const 64))

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

  (func $is_space (param $c i32) (result i32)
    (i32.or
      (i32.eq (local.get $c) (i32.const 32))
      ;; 9..13 are \t \n \v \f \r
      (i32.le_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 4))))

  ;; Writes v in decimal followed by "\n" to stdout.
  (func $print_line_u64 (param $v i64)
    (local $p i32)
    (local.set $p (i32.sub (global.get $SCRATCH_END) (i32.const 1)))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (call $write_all (local.get $p) (i32.sub (global.get $SCRATCH_END) (local.get $p))))

  (func (export "_start")
    (local $n i32)
    (local $p i32)
    (local $end i32)
    (local $in_word i32)
    (local $words i64)
    (block $eof
      (loop $next
        (local.set $n (call $read_chunk))
        (br_if $eof (i32.eqz (local.get $n)))
        (local.set $p (global.get $BUF))
        (local.set $end (i32.add (local.get $p) (local.get $n)))
        (block $chunk_done
          (loop $each
            (br_if $chunk_done (i32.ge_u (local.get $p) (local.get $end)))
            (if (call $is_space (i32.load8_u (local.get $p)))
              (then (local.set $in_word (i32.const 0)))
              (else
                ;; A word is counted at its first byte; in_word survives chunk edges.
                (if (i32.eqz (local.get $in_word))
                  (then (local.set $words (i64.add (local.get $words) (i64.const 1)))))
                (local.set $in_word (i32.const 1))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $each)))
        (br $next)))
    (call $print_line_u64 (local.get $words)))
)
