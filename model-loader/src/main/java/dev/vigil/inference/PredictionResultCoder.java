package dev.vigil.inference;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Coder of {@link PredictionResult}: the example with the input's own coder, then the model id, the
 * main output's name and every output row (name, length, float32 values). Deterministic when the
 * example coder is.
 *
 * @param <T> the example type
 */
public final class PredictionResultCoder<T> extends StructuredCoder<PredictionResult<T>> {
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private final Coder<T> exampleCoder;

  private PredictionResultCoder(Coder<T> exampleCoder) {
    this.exampleCoder = exampleCoder;
  }

  public static <T> PredictionResultCoder<T> of(Coder<T> exampleCoder) {
    return new PredictionResultCoder<>(exampleCoder);
  }

  @Override
  public void encode(PredictionResult<T> value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null PredictionResult");
    }
    exampleCoder.encode(value.example(), out);
    STRING.encode(value.modelId(), out);
    STRING.encode(value.mainOutput(), out);
    Map<String, float[]> rows = value.rawInferences();
    INT.encode(rows.size(), out);
    DataOutputStream data = new DataOutputStream(out);
    for (Map.Entry<String, float[]> e : rows.entrySet()) {
      STRING.encode(e.getKey(), out);
      INT.encode(e.getValue().length, out);
      for (float f : e.getValue()) {
        data.writeFloat(f);
      }
      data.flush();
    }
  }

  @Override
  public PredictionResult<T> decode(InputStream in) throws IOException {
    T example = exampleCoder.decode(in);
    String modelId = STRING.decode(in);
    String main = STRING.decode(in);
    int outputs = INT.decode(in);
    Map<String, float[]> rows = new LinkedHashMap<>();
    DataInputStream data = new DataInputStream(in);
    for (int o = 0; o < outputs; o++) {
      String name = STRING.decode(in);
      float[] row = new float[INT.decode(in)];
      for (int i = 0; i < row.length; i++) {
        row[i] = data.readFloat();
      }
      rows.put(name, row);
    }
    return PredictionResult.of(example, rows, main, modelId);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(exampleCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "the example coder must be deterministic", exampleCoder);
  }
}
