;; features: exercises what the sandbox's fuel instrumentation has to rewrite correctly (a start
;; section, multi-value functions and blocks, br_table, call_indirect, return from nested blocks,
;; select, bulk memory, i64 arithmetic, recursion, memory.grow) and prints one line of results:
;;   features: 42 9 2 100 300 200 3628800 87 2 1094795585 1 2 1548008755920 11
;; It ignores its input.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (type $unary (func (param i32) (result i32)))

  (memory (export "memory") 1)
  (table 3 funcref)
  (elem (i32.const 0) $double $square $negate)

  (global $seed (mut i32) (i32.const 0))
  ;; where the next output byte goes; the line is built at 1024 and written at the end
  (global $out (mut i32) (i32.const 1024))
  (data (i32.const 2048) "features:")

  ;; The start function runs before _start: 42 must show up first.
  (start $init)
  (func $init (global.set $seed (i32.const 42)))

  (func $double (type $unary) (i32.shl (local.get 0) (i32.const 1)))
  (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
  (func $negate (type $unary) (i32.sub (i32.const 0) (local.get 0)))

  (func $divmod (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; 0 -> 100 (return from two blocks deep), positive -> 200, negative -> 300
  (func $classify (param $n i32) (result i32)
    (block $a
      (block $b
        (br_if $a (i32.lt_s (local.get $n) (i32.const 0)))
        (if (i32.eqz (local.get $n)) (then (return (i32.const 100))))
        (br $b))
      (return (i32.const 200)))
    (i32.const 300))

  (func $fact (param $n i64) (result i64)
    (if (result i64) (i64.le_u (local.get $n) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get $n) (call $fact (i64.sub (local.get $n) (i64.const 1)))))))

  (func $fib (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $step)))
    (local.get $a))

  ;; sum over i in 0..9 of [double, square, negate][i % 3](i), dispatched by br_table: 87
  (func $dispatch (result i32)
    (local $i i32) (local $sum i32)
    (loop $next
      (block $done
        (block $two
          (block $one
            (block $zero
              (br_table $zero $one $two (i32.rem_u (local.get $i) (i32.const 3))))
            (local.set $sum (i32.add (local.get $sum)
              (call_indirect (type $unary) (local.get $i) (i32.const 0))))
            (br $done))
          (local.set $sum (i32.add (local.get $sum)
            (call_indirect (type $unary) (local.get $i) (i32.const 1))))
          (br $done))
        (local.set $sum (i32.add (local.get $sum)
          (call_indirect (type $unary) (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $sum))

  ;; a block with two results: 7 - 5 (no block parameters: Chicory 1.6.1's interpreter gets those
  ;; wrong inside another block, so the sandbox never compiles modules that use them)
  (func $pair (result i32)
    (block (result i32 i32) (i32.const 7) (i32.const 5))
    (i32.sub))

  (func $byte (param $b i32)
    (i32.store8 (global.get $out) (local.get $b))
    (global.set $out (i32.add (global.get $out) (i32.const 1))))

  ;; " <v>" in decimal
  (func $num (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 3020))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.wrap_i64 (i64.add (i64.rem_u (local.get $v) (i64.const 10)) (i64.const 48))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (call $byte (i32.const 32))
    (loop $copy
      (call $byte (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $p) (i32.const 3020)))))

  (func (export "_start")
    (local $q i32) (local $r i32)
    (memory.copy (i32.const 1024) (i32.const 2048) (i32.const 9))
    (global.set $out (i32.const 1033))
    (call $num (i64.extend_i32_u (global.get $seed)))
    (call $divmod (i32.const 47) (i32.const 5))
    (local.set $r)
    (local.set $q)
    (call $num (i64.extend_i32_u (local.get $q)))
    (call $num (i64.extend_i32_u (local.get $r)))
    (call $num (i64.extend_i32_u (call $classify (i32.const 0))))
    (call $num (i64.extend_i32_u (call $classify (i32.const -5))))
    (call $num (i64.extend_i32_u (call $classify (i32.const 5))))
    (call $num (call $fact (i64.const 10)))
    (call $num (i64.extend_i32_u (call $dispatch)))
    (call $num (i64.extend_i32_u (call $pair)))
    (memory.fill (i32.const 4096) (i32.const 0x41) (i32.const 16))
    (memory.copy (i32.const 4200) (i32.const 4096) (i32.const 4))
    (call $num (i64.extend_i32_u (i32.load (i32.const 4200))))
    (call $num (i64.extend_i32_u (memory.grow (i32.const 1))))
    (call $num (i64.extend_i32_u (memory.size)))
    (call $num (call $fib (i32.const 60)))
    (call $num (i64.extend_i32_u (select (i32.const 11) (i32.const 22) (global.get $seed))))
    (call $byte (i32.const 10))
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.sub (global.get $out) (i32.const 1024)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
