package io.edgemarket.agent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Info;
import io.edgemarket.agent.sandbox.SandboxUsage;
import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meter against cgroup trees laid out as the kernel and the engine's drivers lay them out, in a
 * temporary directory: v1 (a hierarchy per controller) and v2 (one unified tree), cgroupfs and
 * systemd drivers. The counters are copied from real hosts' files.
 */
class CgroupMeterTest {
  private static final String OWNER = "provider-1@EdgeMarketMSP";
  private static final String HASH = Crypto.sha256Hex(OWNER).substring(0, 16);
  private static final String TOKEN = "0a1b2c3d";
  private static final long WALL = 5_000_000_000L;

  @TempDir Path root;

  @Test
  void parentsAreThePathsAndSlicesEachDriverExpects() {
    assertEquals(
        "/edgemarket/" + HASH + "/" + TOKEN, meter(CgroupLayout.V1_CGROUPFS).parentFor(TOKEN));
    assertEquals(
        "/edgemarket/" + HASH + "/" + TOKEN, meter(CgroupLayout.V2_CGROUPFS).parentFor(TOKEN));
    assertEquals(
        "edgemarket-" + HASH + "-" + TOKEN + ".slice",
        meter(CgroupLayout.V2_SYSTEMD).parentFor(TOKEN));
    assertEquals(
        Path.of(
            "edgemarket.slice",
            "edgemarket-" + HASH + ".slice",
            "edgemarket-" + HASH + "-" + TOKEN + ".slice"),
        CgroupLayout.V1_SYSTEMD.tokenDir(HASH, TOKEN));
  }

  @Test
  void v1CgroupfsReadsCpuacctNanosecondsAndMaxUsage() throws IOException {
    Path dir = Path.of("edgemarket", HASH, TOKEN);
    write(root.resolve("cpuacct").resolve(dir).resolve("cpuacct.usage"), "1234567890\n");
    write(root.resolve("memory").resolve(dir).resolve("memory.max_usage_in_bytes"), "7340032\n");
    SandboxUsage usage = meter(CgroupLayout.V1_CGROUPFS).read(TOKEN, WALL);
    assertEquals(1_234_567, usage.fuel());
    assertEquals(7_340_032, usage.peakMemoryBytes());
  }

  @Test
  void v1SystemdReadsTheNestedSlice() throws IOException {
    Path dir = CgroupLayout.V1_SYSTEMD.tokenDir(HASH, TOKEN);
    write(root.resolve("cpuacct").resolve(dir).resolve("cpuacct.usage"), "2000\n");
    SandboxUsage usage = meter(CgroupLayout.V1_SYSTEMD).read(TOKEN, WALL);
    assertEquals(2, usage.fuel());
    assertEquals(0, usage.peakMemoryBytes(), "no memory controller file: no peak, not a failure");
  }

  @Test
  void v2ReadsUsageUsecFromCpuStatAndMemoryPeak() throws IOException {
    for (CgroupLayout layout :
        new CgroupLayout[] {CgroupLayout.V2_CGROUPFS, CgroupLayout.V2_SYSTEMD}) {
      Path dir = root.resolve(layout.tokenDir(HASH, TOKEN));
      write(
          dir.resolve("cpu.stat"),
          "usage_usec 48213\nuser_usec 40100\nsystem_usec 8113\nnr_periods 12\n"
              + "nr_throttled 3\nthrottled_usec 91000\nnr_bursts 0\nburst_usec 0\n");
      write(dir.resolve("memory.peak"), "3145728\n");
      SandboxUsage usage = meter(layout).read(TOKEN, WALL);
      assertEquals(48_213, usage.fuel(), layout.name());
      assertEquals(3_145_728, usage.peakMemoryBytes(), layout.name());
      assertEquals(WALL, usage.wallNanos());
    }
  }

  @Test
  void unreadableCountersFallBackToWallTimeNotToFree() throws IOException {
    assertEquals(WALL / 1000, meter(CgroupLayout.V2_CGROUPFS).read(TOKEN, WALL).fuel());
    Path stat = root.resolve(CgroupLayout.V2_CGROUPFS.tokenDir(HASH, TOKEN)).resolve("cpu.stat");
    write(stat, "user_usec 1\nsystem_usec 2\n");
    assertEquals(WALL / 1000, meter(CgroupLayout.V2_CGROUPFS).read(TOKEN, WALL).fuel());
    write(stat, "usage_usec lots\n");
    assertEquals(WALL / 1000, meter(CgroupLayout.V2_CGROUPFS).read(TOKEN, WALL).fuel());
    assertEquals(-1, CgroupFiles.v1CpuMicros(root.resolve("missing")));
  }

  @Test
  void releaseAndSweepRemoveTheParentsInEveryHierarchy() throws IOException {
    // Real cgroup directories vanish with rmdir though they list files; here they are empty.
    CgroupLayout v1 = CgroupLayout.V1_SYSTEMD;
    for (String controller : new String[] {"cpuacct", "memory", "pids"}) {
      Files.createDirectories(root.resolve(controller).resolve(v1.tokenDir(HASH, TOKEN)));
      Files.createDirectories(root.resolve(controller).resolve(v1.tokenDir(HASH, "ffff0000")));
    }
    CgroupMeter meter = meter(v1);
    meter.release(TOKEN);
    assertFalse(Files.exists(root.resolve("memory").resolve(v1.tokenDir(HASH, TOKEN))));
    assertTrue(Files.exists(root.resolve("memory").resolve(v1.tokenDir(HASH, "ffff0000"))));
    meter.sweep();
    for (String controller : new String[] {"cpuacct", "memory", "pids"}) {
      assertFalse(Files.exists(root.resolve(controller).resolve(v1.ownerDir(HASH))), controller);
      assertTrue(Files.isDirectory(root.resolve(controller).resolve("edgemarket.slice")));
    }

    CgroupLayout v2 = CgroupLayout.V2_CGROUPFS;
    Files.createDirectories(root.resolve(v2.tokenDir(HASH, TOKEN)));
    meter(v2).sweep();
    assertFalse(Files.exists(root.resolve(v2.ownerDir(HASH))));
  }

  @Test
  void detectsEachVersionAndDriverFromTheEngineAndTheHost() throws IOException {
    ContainerConfig config = ContainerConfig.defaults().withOwner(OWNER).withCgroupRoot(root);
    assertEquals(Optional.empty(), detect(config, "2", "systemd"), "no cgroup.controllers here");
    write(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    assertEquals(Optional.of(CgroupLayout.V2_SYSTEMD), detect(config, "2", "systemd"));
    assertEquals(Optional.of(CgroupLayout.V2_CGROUPFS), detect(config, "2", "cgroupfs"));
    assertEquals(Optional.empty(), detect(config, "1", "cgroupfs"), "no cpuacct here");
    write(root.resolve("cpuacct").resolve("cpuacct.usage"), "99\n");
    assertEquals(Optional.of(CgroupLayout.V1_CGROUPFS), detect(config, "1", "cgroupfs"));
    assertEquals(Optional.of(CgroupLayout.V1_SYSTEMD), detect(config, "1", "systemd"));
    assertEquals(Optional.empty(), detect(config, "3", "cgroupfs"));
    assertEquals(
        Optional.empty(),
        detect(config.withDockerHost("tcp://127.0.0.1:2375"), "2", "cgroupfs"),
        "a remote engine's cgroups are not on this host");
  }

  private static Optional<CgroupLayout> detect(
      ContainerConfig config, String version, String driver) {
    return CgroupMeter.detect(
            config, new Info().withCGroupVersion(version).withCGroupDriver(driver))
        .map(CgroupMeter::layout);
  }

  private CgroupMeter meter(CgroupLayout layout) {
    return new CgroupMeter(root, layout, OWNER);
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
