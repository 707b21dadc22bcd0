/**
 * The WebAssembly sandbox in which a provider runs consumers' functions.
 *
 * <h2>Function ABI</h2>
 *
 * A function is a WASI preview1 <em>command</em> module: it exports {@code _start} (no parameters,
 * no results) and {@code memory}, and imports nothing but {@code wasi_snapshot_preview1} functions.
 * It reads its input from stdin and writes its output to stdout; its stderr is kept, bounded
 * ({@link io.edgemarket.agent.sandbox.FunctionLog}), as logs for the function's owner. It gets no
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
 * instructions executed does not.
 *
 * <h2>How: the module meters itself</h2>
 *
 * Chicory counts instructions only in its interpreter, and the sandbox also runs compiled code. So,
 * as mature engines do, the module is instrumented before anything runs it ({@link
 * io.edgemarket.agent.sandbox.FuelInstrumenter}, a Wasm-to-Wasm binary rewrite done once per
 * module): it gets a fuel global (exported as {@code __edgemarket_fuel}; modules may not export
 * names starting with {@code __edgemarket_}), and every straight-line segment of code (up to the
 * next block, branch, call, throw or return) first subtracts its cost from it and traps if it went
 * negative. Every instruction costs 1, except the structural markers {@code end} and {@code else}
 * (instructions the sandbox inserts cost nothing), and a segment is charged in full when entered,
 * so a run that traps or exits mid-segment pays for the whole segment. The fuel of an execution is
 * what the global lost, and the fuel cap is the global's initial value: exceeding it is the error
 * {@code fuel limit of N instructions exceeded}, with fuel N. Interpreted and compiled, the same
 * code runs, so the same module and input always meter the same; tests check both agree.
 *
 * <p>The same rewrite carries the other guards that compiled code would otherwise escape: call
 * depth and the stack (locals plus an upper bound on operands, per frame) are counted down in
 * globals on every call and given back on every return, so recursion fails with {@code call stack
 * exhausted} at the same instruction in both tiers, before the worker's Java stack could overflow;
 * {@code memory.grow} past the memory cap and {@code table.grow} past the table cap abort with
 * their errors rather than returning -1, which is kept for growth past the module's own maximum.
 * Thread interrupts stop a runaway loop (Chicory checks them at calls and at {@code br}), and the
 * watchdog repeats them until the function stops; at the deadline it also empties the fuel global,
 * since Chicory's interpreter does not look at interrupts on {@code br_if} or {@code br_table}, so
 * a loop closed by one of them stops at its next segment (the fuel it had used is kept for the
 * bill).
 *
 * <h2>Tiers</h2>
 *
 * A module runs in Chicory's interpreter until it has started {@link
 * io.edgemarket.agent.sandbox.Tiering#compileAfterRuns()} executions; then it is compiled to JVM
 * bytecode once, on a background thread, and later executions run compiled. Hot modules also get
 * instances built ahead of need (memory allocated and initialised, WASI linked), and an instance
 * goes back to them after its execution, put back as it was built: the 4 KiB chunks of linear
 * memory the run wrote (every store marks its chunk) are restored from the module's initial image,
 * mutable globals get their initial values, WASI's random stream is reseeded and the streams are
 * unbound, so no state passes from one execution to the next. An instance whose state cannot be put
 * back that way is closed instead: its memory grew, it was stopped, it made a WASI call that may
 * leave state in WASI (closing or renumbering a descriptor, say), or its module can change tables,
 * drop segments, throw exceptions or share its memory. Chicory 1.6.1's interpreter and compiler
 * disagree on blocks taking parameters and on catching exceptions (the interpreter is wrong);
 * modules using either stay interpreted, so that a module never changes behaviour when it becomes
 * hot. A deeper recursion than the Java stack holds in compiled code (it should not happen within
 * the stack budget) is run again in the interpreter, whose verdict is the deterministic one.
 *
 * <h2>Warm capacity and scale to zero</h2>
 *
 * How many instances a hot module keeps ready follows its demand ({@link
 * io.edgemarket.agent.sandbox.WarmDemand}): the most of its executions that held an instance at
 * once within the last half of {@link io.edgemarket.agent.sandbox.Tiering#warmIdleTimeout()}, at
 * least 1, at most {@link io.edgemarket.agent.sandbox.Tiering#warmInstances()}. Instances come back
 * after their runs up to that target, and are built in the background when what is ready plus what
 * running executions will bring back falls short of it; when the target falls, the warmer thread
 * closes the surplus. A module with no execution within the idle timeout has all its ready
 * instances closed and is forgotten by the pool (its pooled memory is freed); its next execution
 * builds its own instance, as a cold one would, and the pool fills again from there. {@link
 * io.edgemarket.agent.sandbox.WasmSandbox#warmCapacity()} sums ready instances and targets for the
 * agent's metrics.
 */
package io.edgemarket.agent.sandbox;
