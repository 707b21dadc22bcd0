package io.edgemarket.model.api;

/**
 * A place on Earth in micro-degrees, as offers carry theirs (the ledger holds only integers).
 *
 * @param latitudeE6 latitude × 10^6, within ±90e6
 * @param longitudeE6 longitude × 10^6, within ±180e6
 */
public record Location(long latitudeE6, long longitudeE6) {
  private static final double EARTH_RADIUS_KM = 6371.0;

  /** Validates both; the message names the field. */
  public Location {
    if (Math.abs(latitudeE6) > 90_000_000L) {
      throw new IllegalArgumentException("latitude must be within ±90 degrees");
    }
    if (Math.abs(longitudeE6) > 180_000_000L) {
      throw new IllegalArgumentException("longitude must be within ±180 degrees");
    }
  }

  /** Parses "LAT,LON" in decimal degrees, e.g. "48.8566,2.3522". */
  public static Location parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("a location is LAT,LON in decimal degrees: " + text);
    }
    try {
      return new Location(
          Math.round(Double.parseDouble(parts[0].strip()) * 1e6),
          Math.round(Double.parseDouble(parts[1].strip()) * 1e6));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a location is LAT,LON in decimal degrees: " + text);
    }
  }

  /** Great-circle distance in km (haversine). */
  public double kmTo(long otherLatitudeE6, long otherLongitudeE6) {
    double lat1 = Math.toRadians(latitudeE6 / 1e6);
    double lat2 = Math.toRadians(otherLatitudeE6 / 1e6);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians((otherLongitudeE6 - longitudeE6) / 1e6);
    double h =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
