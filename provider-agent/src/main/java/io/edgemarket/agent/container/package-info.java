/**
 * The container sandbox: runs functions packaged as OCI images in a Docker engine, for code that
 * cannot be compiled to WebAssembly. {@link io.edgemarket.agent.container.ContainerSandbox} is the
 * entry point; it answers with the same {@link io.edgemarket.agent.sandbox.Execution} as the Wasm
 * sandbox.
 *
 * <h2>Function ABI</h2>
 *
 * An image saved with {@code docker save}, identified by the SHA-256 of that tar. Its entrypoint
 * reads the input on stdin and writes the output on stdout, exits 0 on success; its stderr is never
 * billed: the first 64 KiB are kept as logs for the function's owner only (and a short tail for the
 * provider's debug log). It runs as user 65534, with no network, a read-only root and a small
 * non-executable {@code /tmp}.
 *
 * <h2>Why these limits</h2>
 *
 * A container shares the provider's kernel with its neighbours, so every setting removes a way for
 * a consumer's code to reach past its invocation:
 *
 * <ul>
 *   <li>no network ({@code none}): the provider's LAN, the host's ports and the internet are not
 *       the consumer's to use, and a function that could call out could leak its input or be paid
 *       twice for one result;
 *   <li>all capabilities dropped, {@code no-new-privileges}, a non-root user: root in a container
 *       is root on the kernel's attack surface; setuid binaries in the image gain nothing;
 *   <li>memory limit equal to memory+swap: swap would let a function use the provider's disk as
 *       memory and slow every neighbour; at the limit the kernel kills it (reported as out of
 *       memory);
 *   <li>a CPU quota and a pids limit: a busy loop gets its share and no more, a fork bomb hits the
 *       limit instead of the host's process table; the deadline then ends it;
 *   <li>read-only root, a capped noexec tmpfs, logging off: nothing a function writes survives it
 *       or fills the provider's disk, and every invocation starts from the image as published;
 *   <li>one container per invocation, removed after it: no state leaks from one consumer's call to
 *       the next. Warm containers are created <em>and started</em> in advance, but never reused:
 *       each waits, its entrypoint blocked reading stdin, for the one call whose input it is given;
 *       one that stopped before its call (killed or removed from outside, or an entrypoint that
 *       ends without reading stdin) is removed unused, and an image whose containers do that twice
 *       in a row is no longer started ahead until it goes idle. (One whose exit the engine has not
 *       reported yet when its call comes is used: it never read stdin, so what it wrote could not
 *       depend on any input, and it is still one container for one call.)
 * </ul>
 *
 * A stronger boundary than namespaces is one setting away: {@link
 * io.edgemarket.agent.container.ContainerConfig#runtime()} {@code runsc} runs every container under
 * gVisor's user-space kernel, at some cost in start time and system-call speed.
 *
 * <h2>Metering</h2>
 *
 * Fuel is CPU microseconds from the container's cgroup when the engine is local, with cgroup v1 or
 * v2 and the cgroupfs or systemd driver (see {@code CgroupMeter} and {@code CgroupLayout}),
 * otherwise wall-clock microseconds from the call to the exit. Unlike the Wasm sandbox's
 * instruction count, neither is reproducible: the same image and input give different numbers on
 * different runs and machines, so consumers must trust the provider's measure within the ticket's
 * maxPrice.
 *
 * <p>A container started ahead is charged only from its call: its cgroup's CPU counter is read when
 * the call takes it and subtracted at the end, and wall time, the deadline and (on cgroup v1) the
 * peak memory count from then too. What it used before (the runtime's set-up, its entrypoint's
 * start up to the read of stdin that blocks it) is the provider's cost, like creating it; the
 * blocked read itself costs nothing. A container started for its call (no warm one) is charged
 * whole, as before. An image that works before reading stdin is thus charged less when warm; the
 * work it can do there is bounded by its CPU quota and the pool (at most {@code warmPerImage}
 * containers per image and size, removed after the idle timeout), and it cannot depend on the
 * input.
 *
 * <h2>Warm capacity</h2>
 *
 * How many containers an image and size keeps started follows its demand ({@link
 * io.edgemarket.agent.sandbox.WarmDemand}): the most of its invocations that ran at once within the
 * last half of the idle timeout, at least 1 while it is in use, at most {@code warmPerImage}. A
 * burst raises it, and the pool is topped up to it after each invocation; once the burst has left
 * the window it falls back, and the housekeeping thread removes the containers beyond it. After the
 * idle timeout without an invocation the image keeps none (scale to zero) until it is called again.
 *
 * <h2>Exit in-band</h2>
 *
 * The engine's own report of an exit is slow: the attach stream ends and its {@code wait} answers
 * only after containerd has deleted the task and the daemon has cleaned up (moby's {@code
 * handleContainerExit}), tens of milliseconds after the function's last byte. So, when the host has
 * a static busybox ({@code /bin/busybox}, Debian's busybox-static) and the engine is local, every
 * container runs a {@code Wrapper}: that busybox, bind-mounted read-only, whose {@code sh} runs the
 * image's entrypoint and command as its child and, once the child has exited, writes a trailer
 * {@code \0EDGEMARKET-EXIT <nonce> <status>\n} to stdout and to stderr, the nonce fresh and random
 * per container. A trailer shares its pipe with the child's output, so it comes after every byte of
 * it; the run takes the output as everything before stdout's trailer ({@code Trailer} scans for it
 * byte for byte, NULs and partial markers included), the logs as everything before stderr's, and
 * answers as soon as both have arrived: the exit status from the trailer, CPU and wall time read at
 * that moment, and, for a failed exit, whether the kernel killed it at its memory limit from the
 * cgroup's {@code oom_kill} count (read before the victim can have died). The container is then
 * killed at once and removed by housekeeping, off the answer's path.
 *
 * <p>Anything that prevents a trailer falls back to the engine, as without a wrapper: a wrapper
 * killed (at the deadline, the output cap, by the OOM killer choosing it, or from outside) ends the
 * streams, and the run awaits the exit and inspects the container as before; a failed exit with no
 * cgroup to read also asks the engine. Without a static busybox or with a remote engine (its bind
 * mount would name a file of another host) nothing is wrapped; {@code ContainerSandbox.open} logs
 * which it is. An image with neither entrypoint nor command is not wrapped and the engine refuses
 * it as before; one whose command is no executable file yields the trailer {@code noexec}, reported
 * as an image that cannot start, as the engine reports it.
 *
 * <p>Security: the function can learn its nonce ({@code /proc/1/cmdline} is readable) and write a
 * trailer early. That only lets it choose its output (a prefix of what it writes) and its exit
 * status, which it could do anyway by writing that and exiting; the verdict is the function's only.
 * It cannot run on unmetered: the trailer ends the call, the container is killed right after it
 * (what it burns meanwhile, at most its CPU quota for the kill's latency, is the provider's), and
 * its output cap counts the bytes before the trailer. One that writes a trailer on one stream only,
 * or never, runs to its deadline as before ({@code InBandExitTest}). The wrapper changes little the
 * function can see: it is no longer PID 1 (the wrapper is, and counts against the pids limit), its
 * argv[0] is the command's resolved path, and a script without a {@code #!} line is run by
 * busybox's shell where the runtime would refuse it.
 *
 * <h2>Engine</h2>
 *
 * Commands go through docker-java; stdin and stdout go over a raw attach on the same socket ({@code
 * Attach}), because docker-java's transports cannot signal end of input, and each container's exit
 * is awaited on a socket of its own, asked before it starts ({@code ExitWait}), so that an idle
 * warm container holds none of docker-java's connections and its exit is known without another
 * request. Containers are labelled {@code io.edgemarket.sandbox=<owner>}, so that a sandbox
 * starting after a crash removes what its predecessor left. The engine should serve the provider
 * alone: loading an image may move tags the image's tar names.
 */
package io.edgemarket.agent.container;
