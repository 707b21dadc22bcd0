/**
 * The WebAssembly sandbox in which a provider runs consumers' functions.
 *
 * <h2>Function ABI</h2>
 *
 * A function is a WASI preview1 <em>command</em> module: it exports {@code _start} (no parameters,
 * no results) and {@code memory}, and imports nothing but {@code wasi_snapshot_preview1} functions.
 * It reads its input from stdin and writes its output to stdout; stderr is discarded. It gets no
 * preopened directories, no environment, only the program name as argument and no network; its
 * clock is frozen at 0 (the epoch) and {@code random_get} yields a fixed seeded stream, so that a
 * run depends on nothing but the module and the input.
 *
 * <p>A module that does not parse or validate, or that imports anything else, is rejected when
 * loaded ({@link io.edgemarket.agent.sandbox.BadModuleException}); it never runs. A module that
 * loads but then traps, exits with a non-zero code, or exceeds the deadline, the memory cap, the
 * output cap or the fuel cap ends in a <em>function error</em>, a normal {@link
 * io.edgemarket.agent.sandbox.Execution} result with a message, never an exception. So does
 * exceeding the limits a caller cannot set but the shared JVM heap needs: call depth, locals and
 * operand stack ("call stack exhausted") and table size.
 *
 * <h2>Why fuel counts instructions</h2>
 *
 * Consumers pay per execution and providers must be able to prove what they charged, so the meter
 * has to be reproducible: anyone re-running the same module on the same input must get the same
 * number. Wall time and CPU time vary with the machine, its load and the JIT; the number of Wasm
 * instructions executed does not. Chicory has no fuel API, so the sandbox counts every instruction
 * with the interpreter's execution listener; for the same reason recursion is capped by a fixed
 * call depth rather than left to the size of the Java stack.
 */
package io.edgemarket.agent.sandbox;
