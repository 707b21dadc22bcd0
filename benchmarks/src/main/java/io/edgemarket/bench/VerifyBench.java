package io.edgemarket.bench;

import io.edgemarket.model.crypto.Crypto;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One P-256 signature check over 600 bytes (a receipt's size) with a key parsed from a certificate
 * by the JDK's factory, as the chaincode, broker and SDK parse them: through {@code Crypto.verify}
 * (Bouncy Castle's ECDSA called directly, the key's point kept between calls) and, for comparison,
 * through the JCA with Bouncy Castle's {@code SHA256withECDSA}, which converts the key on every
 * call. Each must return true, or the benchmark fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class VerifyBench {
  private PublicKey jdkParsedKey;
  private byte[] data;
  private byte[] signature;

  @Setup
  public void setUp() throws Exception {
    KeyPair pair = Crypto.newKeyPair();
    jdkParsedKey =
        KeyFactory.getInstance("EC")
            .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
    data = new byte[600];
    new Random(1).nextBytes(data);
    signature = Crypto.sign(pair.getPrivate(), data);
  }

  @Benchmark
  public boolean direct() {
    return check(Crypto.verify(jdkParsedKey, data, signature));
  }

  @Benchmark
  public boolean throughJca() throws Exception {
    Signature jca = Signature.getInstance("SHA256withECDSA", Crypto.provider());
    jca.initVerify(jdkParsedKey);
    jca.update(data);
    return check(jca.verify(signature));
  }

  private static boolean check(boolean valid) {
    if (!valid) {
      throw new IllegalStateException("a valid signature did not verify");
    }
    return valid;
  }
}
