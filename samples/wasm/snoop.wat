;; snoop: looks for what an earlier execution left behind, then leaves secrets of its own for the
;; next one to find. It prints what it sees first:
;;   "seen g=<global> a=<word at 1024> b=<word at 4096> c=<word at 65532> d=<byte at 2048>
;;    p=<memory pages> r=<first random byte> n=<stdin bytes read>\n"
;; which, from the instance as built, is always "seen g=0 a=0 b=0 c=0 d=100 p=1 r=R n=N" (R the
;; sandbox's first random byte). Then it plants 6210279 (0x5EC2E7) in a global, in memory (one
;; store straddling the 4 KiB boundary at 4096, one in the page's last word) and over the data
;; byte, and ends as the first input byte says:
;;   o  normally          g  after growing memory by a page and writing a secret there
;;   t  trap (unreachable) x  exit code 3
;;   b  grow by 2000 pages (past the sandbox's 64 MiB cap)
;;   l  loop forever (the fuel cap or the deadline stops it)
;;   c  after closing stdin (fd 0)
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 1)
  (global $secret (mut i32) (i32.const 0))
  ;; where the next output byte goes; a leak would move the output
  (global $out (mut i32) (i32.const 256))
  (data (i32.const 2048) "d")

  (func $byte (param $b i32)
    (i32.store8 (global.get $out) (local.get $b))
    (global.set $out (i32.add (global.get $out) (i32.const 1))))

  (func $num (param $n i32)
    (if (i32.ge_u (local.get $n) (i32.const 10))
      (then (call $num (i32.div_u (local.get $n) (i32.const 10)))))
    (call $byte (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10)))))

  (func $field (param $tag i32) (param $n i32)
    (call $byte (i32.const 32))
    (call $byte (local.get $tag))
    (call $byte (i32.const 61))
    (call $num (local.get $n)))

  (func (export "_start")
    (local $mode i32)
    (local $read i32)
    ;; up to 16 input bytes at 8192
    (i32.store (i32.const 0) (i32.const 8192))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (local.set $read (i32.load (i32.const 8)))
    (local.set $mode (i32.load8_u (i32.const 8192)))
    (drop (call $random_get (i32.const 16) (i32.const 1)))

    (call $byte (i32.const 115)) ;; s
    (call $byte (i32.const 101)) ;; e
    (call $byte (i32.const 101)) ;; e
    (call $byte (i32.const 110)) ;; n
    (call $field (i32.const 103) (global.get $secret))             ;; g
    (call $field (i32.const 97) (i32.load (i32.const 1024)))      ;; a
    (call $field (i32.const 98) (i32.load (i32.const 4096)))      ;; b
    (call $field (i32.const 99) (i32.load (i32.const 65532)))     ;; c
    (call $field (i32.const 100) (i32.load8_u (i32.const 2048)))  ;; d
    (call $field (i32.const 112) (memory.size))                   ;; p
    (call $field (i32.const 114) (i32.load8_u (i32.const 16)))    ;; r
    (call $field (i32.const 110) (local.get $read))               ;; n
    (call $byte (i32.const 10))
    (i32.store (i32.const 0) (i32.const 256))
    (i32.store (i32.const 4) (i32.sub (global.get $out) (i32.const 256)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))

    (global.set $secret (i32.const 6210279))
    (global.set $out (i32.const 40000))
    (i32.store (i32.const 1024) (i32.const 6210279))
    (i64.store (i32.const 4092) (i64.const 0x005EC2E7005EC2E7))
    (i32.store (i32.const 65532) (i32.const 6210279))
    (i32.store8 (i32.const 2048) (i32.const 88))

    (if (i32.eq (local.get $mode) (i32.const 103)) ;; g
      (then
        (drop (memory.grow (i32.const 1)))
        (i32.store (i32.const 65636) (i32.const 6210279))))
    (if (i32.eq (local.get $mode) (i32.const 116)) ;; t
      (then (unreachable)))
    (if (i32.eq (local.get $mode) (i32.const 120)) ;; x
      (then (call $proc_exit (i32.const 3))))
    (if (i32.eq (local.get $mode) (i32.const 98)) ;; b
      (then (drop (memory.grow (i32.const 2000)))))
    (if (i32.eq (local.get $mode) (i32.const 99)) ;; c
      (then (drop (call $fd_close (i32.const 0)))))
    (if (i32.eq (local.get $mode) (i32.const 108)) ;; l
      (then (loop $forever (br $forever)))))
)
