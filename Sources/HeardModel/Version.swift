public enum Heard { public static let version = "0.1.0" }
