;; recurse (hostile): unbounded, non-tail recursion; never returns.
(module
  (memory (export "memory") 1)
  (func $down (param $depth i32) (result i32)
    ;; the add after the call keeps this from being a tail call
    (i32.add
      (call $down (i32.add (local.get $depth) (i32.const 1)))
      (i32.const 1)))
  (func (export "_start")
    (drop (call $down (i32.const 0))))
)
