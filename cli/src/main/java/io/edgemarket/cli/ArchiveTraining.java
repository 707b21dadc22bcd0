package io.edgemarket.cli;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads, without initialising, every class of some libraries while the launcher records its class
 * data sharing archive (the {@code edgemarket.cds.preload} property names them by file-name
 * prefix). The recording runs a demo on the embedded ledger, which never touches the Fabric client
 * (gRPC, Netty, protobuf): loaded here, those classes land in the archive too and a Fabric market's
 * start maps them instead of reading about 1,800 classes from the jars. Nothing else sets the
 * property.
 */
final class ArchiveTraining {
  static final String PRELOAD = "edgemarket.cds.preload";

  private ArchiveTraining() {}

  /** Loads the named libraries' classes when the property is set; does nothing otherwise. */
  static void preloadIfRecording() {
    String prefixes = System.getProperty(PRELOAD);
    if (prefixes == null || prefixes.isBlank()) {
      return;
    }
    List<String> wanted = Arrays.asList(prefixes.split(","));
    ClassLoader loader = ArchiveTraining.class.getClassLoader();
    for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(path).getName();
      if (name.endsWith(".jar") && wanted.stream().anyMatch(name::startsWith)) {
        load(path, loader);
      }
    }
  }

  private static void load(String jar, ClassLoader loader) {
    try (JarFile file = new JarFile(jar)) {
      for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
        String entryName = entry.getName();
        if (!entryName.endsWith(".class")
            || entryName.startsWith("META-INF/")
            || entryName.endsWith("module-info.class")
            || entryName.endsWith("package-info.class")) {
          continue;
        }
        String className = entryName.substring(0, entryName.length() - 6).replace('/', '.');
        try {
          Class.forName(className, false, loader);
        } catch (LinkageError | ClassNotFoundException optionalDependencyMissing) {
          // A class needing a library the market does not ship (Netty's native transports, ...):
          // never loaded at run time either.
        }
      }
    } catch (IOException unreadable) {
      // Only a slower start for this library: the archive is an optimisation.
    }
  }
}
