package dev.vigil.cassandra;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.driver.core.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraClientSettingsTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    Path f = dir.resolve("client.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void fileReferencesAreResolvedOnlyWhenAValueIsRead() throws IOException {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "user=vigil\npw=S3cr3tCanary\n");
    Path f =
        file(
            "username=${file:"
                + secrets
                + ":user}\npassword=pre-${file:"
                + secrets
                + ":pw}-post\n");
    CassandraClientSettings s = CassandraClientSettings.load(f.toString());
    assertThat(s.hasCredentials(), equalTo(true));
    assertThat(s.value("username"), equalTo("vigil"));
    assertThat(s.value("password"), equalTo("pre-S3cr3tCanary-post"));
    assertThat("references are not plain secrets", s.plainSecrets(), empty());
  }

  @Test
  void aMissingReferenceSaysWhichSettingAndWhy() throws IOException {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "user=vigil\n");
    CassandraClientSettings s =
        CassandraClientSettings.load(
            file("username=vigil\npassword=${file:" + secrets + ":pw}\n").toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.value("password"));
    assertThat(e.getMessage(), containsString("'password' references ${file:" + secrets + ":pw}"));
    assertThat(e.getMessage(), containsString("has no key 'pw'"));

    CassandraClientSettings env =
        CassandraClientSettings.load(
            file("username=vigil\npassword=${env:VIGIL_NO_SUCH_VARIABLE_42}\n").toString());
    IllegalArgumentException unset =
        assertThrows(IllegalArgumentException.class, () -> env.value("password"));
    assertThat(unset.getMessage(), containsString("the environment variable is not set"));
  }

  @Test
  void plainPasswordsAreNamedForTheWarning() throws IOException {
    CassandraClientSettings s =
        CassandraClientSettings.load(
            file("username=vigil\npassword=plain\nssl.enabled=true\nssl.truststore.password=x\n")
                .toString());
    assertThat(s.plainSecrets(), contains("password", "ssl.truststore.password"));
    assertThat(s.tls(), equalTo(true));
  }

  @Test
  void unknownKeysAndHalfCredentialsFailFast() throws IOException {
    IllegalArgumentException typo =
        assertThrows(
            IllegalArgumentException.class,
            () -> CassandraClientSettings.load(file("user=vigil\n").toString()));
    assertThat(typo.getMessage(), containsString("unknown setting 'user'"));
    assertThat(typo.getMessage(), containsString("username"));

    IllegalArgumentException half =
        assertThrows(
            IllegalArgumentException.class,
            () -> CassandraClientSettings.load(file("username=vigil\n").toString()));
    assertThat(half.getMessage(), containsString("give both username and password"));

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> CassandraClientSettings.load(dir.resolve("absent").toString()));
    assertThat(missing.getMessage(), containsString("cannot be read"));
  }

  @Test
  void noFileMeansNoCredentialsAndNoTls() {
    CassandraClientSettings none = CassandraClientSettings.load(null);
    assertThat(none.hasCredentials(), equalTo(false));
    assertThat(none.tls(), equalTo(false));
    assertThat(CassandraClientSettings.load(" ").hasCredentials(), equalTo(false));
  }

  @Test
  void anUnreadableTruststoreIsNamedWhenTheClusterIsBuilt() throws IOException {
    Path f = file("ssl.enabled=true\nssl.truststore.location=" + dir.resolve("none.p12") + "\n");
    CassandraClientSettings settings = CassandraClientSettings.load(f.toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              try (Cluster ignored =
                  settings.configure(Cluster.builder().addContactPoint("127.0.0.1")).build()) {
                // built only to fail
              }
            });
    assertThat(e.getMessage(), containsString("the truststore " + dir.resolve("none.p12")));
  }
}
