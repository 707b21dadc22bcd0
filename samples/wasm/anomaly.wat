;; anomaly: IoT manhole-cover sensor check.
;;
;; Input: lines of decimal integers (one reading per line, "\n" separated, an optional
;; leading "-", spaces/tabs/"\r" allowed around the number; blank lines are skipped; the
;; last line needs no "\n"). For each reading, output one line:
;;   "ALERT <n>\n"  when the reading n is above 100 (n printed in canonical decimal),
;;   "OK\n"         otherwise.
;; A line that is not an integer (or has more than 18 digits) stops the function with
;; exit code 2, after flushing the lines already judged.
;;
;; Memory layout: iovec at 0, count at 8, decimal scratch at 32..64, constant strings at
;; 256, input buffer at 65536 (64 KiB), output buffer at 131072 (64 KiB).
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 3)

  (data (i32.const 256) "ALERT ")
  (data (i32.const 272) "OK\n")

  (global $THRESHOLD i64 (i64.const 100))
  (global $BUF i32 (i32.const 65536))
  (global $BUF_LEN i32 (i32.const 65536))
  (global $OUT i32 (i32.const 131072))
  (global $OUT_LEN i32 (i32.const 65536))
  (global $SCRATCH_END i32 (i32.const 64))

  ;; Parser state for the current line. phase: 0 = nothing yet, 1 = inside the number,
  ;; 2 = trailing blanks after the number.
  (global $phase (mut i32) (i32.const 0))
  (global $neg (mut i32) (i32.const 0))
  (global $digits (mut i32) (i32.const 0))
  (global $val (mut i64) (i64.const 0))
  (global $out_used (mut i32) (i32.const 0))

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

  (func $flush
    (call $write_all (global.get $OUT) (global.get $out_used))
    (global.set $out_used (i32.const 0)))

  ;; Buffers output so that a large input costs few fd_write calls.
  (func $emit (param $ptr i32) (param $len i32)
    (if (i32.gt_u (i32.add (global.get $out_used) (local.get $len)) (global.get $OUT_LEN))
      (then (call $flush)))
    (memory.copy
      (i32.add (global.get $OUT) (global.get $out_used)) (local.get $ptr) (local.get $len))
    (global.set $out_used (i32.add (global.get $out_used) (local.get $len))))

  (func $fail
    (call $flush)
    (call $proc_exit (i32.const 2)))

  ;; Emits v (non-negative) in decimal followed by "\n".
  (func $emit_line_u64 (param $v i64)
    (local $p i32)
    (local.set $p (i32.sub (global.get $SCRATCH_END) (i32.const 1)))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (call $emit (local.get $p) (i32.sub (global.get $SCRATCH_END) (local.get $p))))

  (func $end_line
    (local $v i64)
    ;; A blank line carries no reading.
    (if (i32.eqz (global.get $phase)) (then (return)))
    (if (i32.eqz (global.get $digits)) (then (call $fail)))
    (local.set $v (global.get $val))
    (if (global.get $neg) (then (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (if (i64.gt_s (local.get $v) (global.get $THRESHOLD))
      (then
        (call $emit (i32.const 256) (i32.const 6))
        (call $emit_line_u64 (local.get $v)))
      (else
        (call $emit (i32.const 272) (i32.const 3))))
    (global.set $phase (i32.const 0))
    (global.set $neg (i32.const 0))
    (global.set $digits (i32.const 0))
    (global.set $val (i64.const 0)))

  (func $feed (param $c i32)
    (local $d i32)
    (if (i32.eq (local.get $c) (i32.const 10))
      (then (call $end_line) (return)))
    ;; space, \t, \r
    (if (i32.or (i32.eq (local.get $c) (i32.const 32))
          (i32.or (i32.eq (local.get $c) (i32.const 9)) (i32.eq (local.get $c) (i32.const 13))))
      (then
        (if (i32.eq (global.get $phase) (i32.const 1))
          (then
            (if (i32.eqz (global.get $digits)) (then (call $fail)))
            (global.set $phase (i32.const 2))))
        (return)))
    ;; '-' is only allowed as the first non-blank character
    (if (i32.eq (local.get $c) (i32.const 45))
      (then
        (if (global.get $phase) (then (call $fail)))
        (global.set $neg (i32.const 1))
        (global.set $phase (i32.const 1))
        (return)))
    (local.set $d (i32.sub (local.get $c) (i32.const 48)))
    (if (i32.gt_u (local.get $d) (i32.const 9)) (then (call $fail)))
    (if (i32.eq (global.get $phase) (i32.const 2)) (then (call $fail)))
    ;; 18 digits always fit in an i64
    (if (i32.eq (global.get $digits) (i32.const 18)) (then (call $fail)))
    (global.set $phase (i32.const 1))
    (global.set $digits (i32.add (global.get $digits) (i32.const 1)))
    (global.set $val
      (i64.add (i64.mul (global.get $val) (i64.const 10)) (i64.extend_i32_u (local.get $d)))))

  (func (export "_start")
    (local $n i32)
    (local $p i32)
    (local $end i32)
    (block $eof
      (loop $next
        (local.set $n (call $read_chunk))
        (br_if $eof (i32.eqz (local.get $n)))
        (local.set $p (global.get $BUF))
        (local.set $end (i32.add (local.get $p) (local.get $n)))
        (block $chunk_done
          (loop $each
            (br_if $chunk_done (i32.ge_u (local.get $p) (local.get $end)))
            (call $feed (i32.load8_u (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $each)))
        (br $next)))
    ;; the last line may lack its "\n"
    (call $end_line)
    (call $flush))
)
