package dev.vigil.transforms.features;

/** Great-circle distance on a sphere of radius {@value #EARTH_RADIUS_KM} km. */
public final class Haversine {
  public static final double EARTH_RADIUS_KM = 6371.0;

  private Haversine() {}

  /** {@code 2 R asin(sqrt(a))} with {@code a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)}. */
  public static double km(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double sinPhi = Math.sin(dPhi / 2);
    double sinLambda = Math.sin(dLambda / 2);
    double a = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }
}
