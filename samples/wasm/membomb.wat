;; membomb (hostile): grows memory one page at a time forever and writes into every new
;; page, so the host must really back it. Declares no maximum, leaving the cap to the
;; sandbox. If a grow is ever refused (-1) it traps rather than exit cleanly.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (local $old_pages i32)
    (loop $forever
      (local.set $old_pages (memory.grow (i32.const 1)))
      (if (i32.eq (local.get $old_pages) (i32.const -1))
        (then (unreachable)))
      ;; first byte of the new page: old_pages * 64 KiB
      (i32.store8 (i32.shl (local.get $old_pages) (i32.const 16)) (i32.const 0xAB))
      (br $forever)))
)
