package dev.vigil.transforms.io.cassandra;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.vigil.testing.JavaSerialized;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Cassandra endpoint travels with the job: it carries its settings file's path, no secret. */
class CassandraEndpointTest {
  @TempDir Path dir;

  @Test
  void anEndpointCarriesThePathNotTheSecrets() throws IOException {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "pw=S3cr3tCanary\n");
    Path f = dir.resolve("client.properties");
    Files.writeString(f, "username=vigil\npassword=${file:" + secrets + ":pw}\n");
    CassandraEndpoint endpoint = new CassandraEndpoint(List.of("h"), 9042, f.toString());
    String serialized = JavaSerialized.of(endpoint);
    assertThat(serialized, containsString(f.toString()));
    assertThat(serialized, not(containsString("S3cr3tCanary")));
    assertThat(endpoint.address(), equalTo("h:9042"));
  }
}
