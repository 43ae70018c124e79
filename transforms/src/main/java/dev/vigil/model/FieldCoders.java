package dev.vigil.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** The field coders the record coders of this package are composed of (all deterministic). */
final class FieldCoders {
  static final Coder<String> STRING = StringUtf8Coder.of();
  static final Coder<String> NULLABLE_STRING = NullableCoder.of(StringUtf8Coder.of());
  static final Coder<Double> DOUBLE = DoubleCoder.of();
  static final Coder<Double> NULLABLE_DOUBLE = NullableCoder.of(DoubleCoder.of());
  static final Coder<Long> LONG = VarLongCoder.of();
  static final Coder<Integer> INT = VarIntCoder.of();
  static final Coder<Boolean> BOOLEAN = BooleanCoder.of();

  private FieldCoders() {}

  static void writeString(String v, OutputStream out) throws IOException {
    STRING.encode(v, out);
  }

  static String readString(InputStream in) throws IOException {
    return STRING.decode(in);
  }

  static void writeDouble(double v, OutputStream out) throws IOException {
    DOUBLE.encode(v, out);
  }

  static double readDouble(InputStream in) throws IOException {
    return DOUBLE.decode(in);
  }

  static void writeLong(long v, OutputStream out) throws IOException {
    LONG.encode(v, out);
  }

  static long readLong(InputStream in) throws IOException {
    return LONG.decode(in);
  }
}
