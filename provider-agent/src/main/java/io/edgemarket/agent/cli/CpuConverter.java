package io.edgemarket.agent.cli;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 2} or {@code 0.5} cores, or {@code 1500m} millicores, as Kubernetes writes CPU. */
public final class CpuConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      BigDecimal millis =
          text.endsWith("m")
              ? new BigDecimal(text.substring(0, text.length() - 1))
              : new BigDecimal(text).movePointRight(3);
      int result = millis.intValueExact();
      if (result < 1) {
        throw new ArithmeticException();
      }
      return result;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a CPU amount: use cores (2, 0.5) or millicores (1500m)");
    }
  }
}
