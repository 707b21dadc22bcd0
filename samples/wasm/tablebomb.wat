;; tablebomb (hostile): grows a function table by 64 Ki elements at a time forever. Tables
;; live on the host's heap, outside linear memory, so the sandbox caps them separately.
;; If a grow is ever refused (-1) it traps.
(module
  (memory (export "memory") 1)
  (table $t 0 funcref)
  (func (export "_start")
    (loop $forever
      (if (i32.eq (table.grow $t (ref.null func) (i32.const 65536)) (i32.const -1))
        (then (unreachable)))
      (br $forever)))
)
