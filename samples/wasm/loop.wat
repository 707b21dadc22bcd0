;; loop (hostile): spins forever without calling the host. Only the deadline (or a fuel
;; cap) stops it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      (br $forever)))
)
