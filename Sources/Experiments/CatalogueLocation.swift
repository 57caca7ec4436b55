import Foundation

/// Where the predefined experiment specifications are, for a binary run from any directory.
///
/// In this order, the first that applies:
/// 1. the folder given with `--experiments`;
/// 2. the folder in the environment variable `GRADPATH_EXPERIMENTS`;
/// 3. `PREFIX/share/gradpath/experiments` of an installed binary (`PREFIX/bin/gradpath`, `make install`);
/// 4. the `experiments/` folder of the checkout a binary was built in (`.build/…/gradpath`, `swift run`);
/// 5. `./experiments` of the current directory.
///
/// So an installed binary always reads the specifications installed with it, and a binary in a
/// checkout those of that checkout, whatever the current directory holds; a folder of the user's
/// own that happens to be called `experiments` is read only when nothing else applies.
public struct CatalogueLocation: Sendable, Equatable {
    public enum Origin: String, Sendable {
        case option = "--experiments"
        case environment = "GRADPATH_EXPERIMENTS"
        case installed = "installed with the binary"
        case checkout = "the checkout the binary was built in"
        case currentDirectory = "the current directory"
    }

    public var folder: URL
    public var origin: Origin
    /// The folders looked at (3 to 5), for the message when none holds a specification.
    public var searched: [String]

    /// The environment variable that names the folder.
    public static let environmentVariable = "GRADPATH_EXPERIMENTS"

    public static func locate(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = CatalogueLocation.executablePath,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> CatalogueLocation {
        let cwd = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        if let option, !option.isEmpty {
            return CatalogueLocation(
                folder: URL(fileURLWithPath: option, relativeTo: cwd), origin: .option, searched: [option])
        }
        if let e = environment[environmentVariable], !e.isEmpty {
            return CatalogueLocation(
                folder: URL(fileURLWithPath: e, relativeTo: cwd), origin: .environment, searched: [e])
        }
        var candidates: [(URL, Origin)] = []
        let binDir = URL(fileURLWithPath: executable).standardizedFileURL.deletingLastPathComponent()
        candidates.append(
            (binDir.deletingLastPathComponent().appendingPathComponent("share/gradpath/experiments"), .installed))
        if let root = checkoutRoot(above: binDir) {
            candidates.append((root.appendingPathComponent("experiments"), .checkout))
        }
        candidates.append((cwd.appendingPathComponent("experiments"), .currentDirectory))
        let searched = candidates.map { $0.0.path }
        for (folder, origin) in candidates where isDirectory(folder) {
            return CatalogueLocation(folder: folder, origin: origin, searched: searched)
        }
        return CatalogueLocation(
            folder: URL(fileURLWithPath: "experiments", relativeTo: cwd), origin: .currentDirectory,
            searched: searched)
    }

    /// The GradPath checkout holding `dir` (a folder above it with this package's Package.swift and an
    /// `experiments/` folder), if any: a binary under `.build/` or `.build-*/` of the checkout.
    static func checkoutRoot(above dir: URL) -> URL? {
        var d = dir
        for _ in 0..<8 {
            let parent = d.deletingLastPathComponent()
            if parent.path == d.path { return nil }
            d = parent
            let manifest = d.appendingPathComponent("Package.swift")
            if isDirectory(d.appendingPathComponent("experiments")),
                let text = try? String(contentsOf: manifest, encoding: .utf8), text.contains("name: \"GradPath\"")
            {
                return d
            }
        }
        return nil
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// The running binary's absolute path (`/proc/self/exe`, else `argv[0]` made absolute).
    public static var executablePath: String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// The install tree's `share/gradpath` when the specifications come from there, else nil: no
    /// output folder may lie in it.
    public var installTree: URL? {
        origin == .installed ? folder.deletingLastPathComponent().standardizedFileURL : nil
    }

    /// The message when the folder holds no specification.
    public var emptyMessage: String {
        let shown = folder.relativePath
        switch origin {
        case .option, .environment:
            return "\(shown)/ (from \(origin.rawValue)): no experiment specifications (*.json) found"
        default:
            return
                "no experiment specifications (*.json) found; looked in \(searched.joined(separator: ", ")); "
                + "give the folder with --experiments DIR or \(Self.environmentVariable)=DIR"
        }
    }
}
