package dev.vigil.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The analysts who may sign in, from a users file: one {@code name:hash} line each ({@code #}
 * comments), the hash being {@code pbkdf2-sha256$ITERATIONS$SALT$KEY} (Base64), made by {@code
 * ./vigil console --hashPassword} ({@link #hashLine}). Passwords are checked in constant time, and
 * an unknown name costs as much as a wrong password.
 */
final class Users {
  static final String SCHEME = "pbkdf2-sha256";
  static final int ITERATIONS = 210_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> hashes;
  private final String decoy;

  private Users(Map<String, String> hashes) {
    this.hashes = Map.copyOf(hashes);
    this.decoy = hash(randomToken(16).toCharArray(), ITERATIONS);
  }

  /** Reads a users file, failing with the line and what is wrong with it. */
  static Users read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--usersFile=" + file + " does not exist: create it with ./vigil console --hashPassword");
    }
    Map<String, String> hashes = new HashMap<>();
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int colon = l.indexOf(':');
      String name = colon < 0 ? "" : l.substring(0, colon);
      String hash = colon < 0 ? "" : l.substring(colon + 1);
      if (name.isEmpty() || !hash.startsWith(SCHEME + "$") || hash.split("\\$").length != 4) {
        throw new IllegalArgumentException(
            file
                + ":"
                + n
                + ": expected name:"
                + SCHEME
                + "$ITERATIONS$SALT$KEY (made by ./vigil console --hashPassword)");
      }
      hashes.put(name, hash);
    }
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException(file + " names no user");
    }
    return new Users(hashes);
  }

  /** One user with the given password (the console's loopback default, printed at start). */
  static Users single(String name, char[] password) {
    return new Users(Map.of(name, hash(password, ITERATIONS)));
  }

  /** Whether {@code password} is {@code name}'s; takes as long for an unknown name. */
  boolean check(String name, char[] password) {
    String stored = name == null ? null : hashes.get(name);
    boolean matches = matches(stored == null ? decoy : stored, password);
    return stored != null && matches;
  }

  /** A users file line for {@code name} with a new salt. */
  static String hashLine(String name, char[] password) {
    return name + ":" + hash(password, ITERATIONS);
  }

  static String hash(char[] password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  private static boolean matches(String stored, char[] password) {
    String[] f = stored.split("\\$");
    byte[] salt = Base64.getDecoder().decode(f[2]);
    byte[] key = Base64.getDecoder().decode(f[3]);
    return MessageDigest.isEqual(key, derive(password, salt, Integer.parseInt(f[1])));
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }

  /** A URL-safe random token of {@code bytes} random bytes. */
  static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
