package dev.vigil.inference;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
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
    String[] names = value.names();
    float[][] rows = value.rows();
    INT.encode(names.length, out);
    DataOutputStream data = new DataOutputStream(out);
    for (int o = 0; o < names.length; o++) {
      STRING.encode(names[o], out);
      INT.encode(rows[o].length, out);
      for (float f : rows[o]) {
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
    String[] names = new String[outputs];
    float[][] rows = new float[outputs][];
    int mainIndex = -1;
    DataInputStream data = new DataInputStream(in);
    for (int o = 0; o < outputs; o++) {
      names[o] = STRING.decode(in);
      rows[o] = new float[INT.decode(in)];
      for (int i = 0; i < rows[o].length; i++) {
        rows[o][i] = data.readFloat();
      }
      mainIndex = names[o].equals(main) ? o : mainIndex;
    }
    if (mainIndex < 0) {
      throw new CoderException("main output '" + main + "' is not among the decoded outputs");
    }
    return PredictionResult.owning(example, names, rows, mainIndex, modelId);
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
