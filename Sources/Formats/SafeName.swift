import Foundation

/// The alphabet of file names that GradPath builds from data (cell names, numbers): ASCII letters,
/// digits and `_ - . +`, starting with a letter or digit, at most 200 characters.
public enum SafeName {
    public static func isSafe(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 200,
            ("0"..."9").contains(first) || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
                || c == "." || c == "+"
        }
    }

    /// `s` with control characters shown as escapes, for error messages (one line, always).
    public static func printable(_ s: String, limit: Int = 60) -> String {
        var out = ""
        for c in s.unicodeScalars.prefix(limit) {
            if c.value < 0x20 || c.value == 0x7F {
                out += String(format: "\\x%02X", c.value)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return s.unicodeScalars.count > limit ? out + "…" : out
    }
}
