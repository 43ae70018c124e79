package dev.vigil.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the JSON Lines outputs a pipeline run wrote under its output directory. */
public final class PipelineOutputs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static List<JsonNode> read(Path outputDir, String name) {
    Path dir = outputDir.resolve(name);
    List<JsonNode> records = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return records;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jsonl")).sorted()::iterator) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            records.add(MAPPER.readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  static List<JsonNode> readLines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      try {
        JsonNode n = MAPPER.readTree(line);
        out.add(n);
      } catch (IOException e) {
        out.add(null); // malformed line
      }
    }
    return out;
  }

  private PipelineOutputs() {}
}
