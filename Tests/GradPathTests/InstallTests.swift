import Foundation
import Testing

/// The repository (this file is Tests/GradPathTests/InstallTests.swift).
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// `make install` into a temporary DESTDIR, the installed binary used as a newcomer would use it, then
/// `make uninstall`.
///
/// The install is built with `INSTALL_CONFIG=debug`: the same recipe, script, static Swift runtime and
/// install tree as the default release build, without the optimiser's minutes (the test suite's
/// budget); the release install is run by hand (README, Install).
@Suite(.serialized) struct InstallTests {
    /// The commit `--version` must name: the one the Makefile passes (GRADPATH_COMMIT, exported by
    /// `make test`), else what the Makefile would compute, else "unknown" (no git).
    static func expectedCommit() throws -> String {
        if let c = ProcessInfo.processInfo.environment["GRADPATH_COMMIT"], !c.isEmpty { return c }
        let r = try spawn(
            "/usr/bin/env", ["git", "-C", repository.path, "describe", "--always", "--dirty", "--abbrev=12"])
        let s = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return r.status == 0 && !s.isEmpty ? s : "unknown"
    }

    @Test func installedBinaryRunsFromAnyFolderWithoutTheToolchain() throws {
        let stage = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: stage) }
        let prefix = "/opt/gradpath"
        let make = ["make", "-s", "-C", repository.path, "DESTDIR=\(stage.path)", "PREFIX=\(prefix)"]
        let install = try spawn("/usr/bin/env", make + ["install", "INSTALL_CONFIG=debug"])
        try #require(install.status == 0, "make install: \(install.stdout.suffix(3000))")
        let root = stage.appendingPathComponent(String(prefix.dropFirst()))
        let bin = root.appendingPathComponent("bin/gradpath").path

        // Exactly these files, and the manifest lists them.
        let specs = try FileManager.default.contentsOfDirectory(
            atPath: repository.appendingPathComponent("experiments").path
        )
        .filter { $0.hasSuffix(".json") }.sorted()
        #expect(specs.count >= 20)
        let expected =
            [
                "bin/gradpath", "share/bash-completion/completions/gradpath",
                "share/fish/vendor_completions.d/gradpath.fish", "share/gradpath/install-manifest",
                "share/gradpath/tools/export_for_gradpath.py", "share/zsh/site-functions/_gradpath",
            ] + specs.map { "share/gradpath/experiments/\($0)" }
        let installed = files(root)
        #expect(installed == expected.sorted())
        let manifest = try String(
            contentsOf: root.appendingPathComponent("share/gradpath/install-manifest"), encoding: .utf8)
        let listed = manifest.split(separator: "\n").filter { $0.hasPrefix("f ") }.map { String($0.dropFirst(2)) }
        #expect(listed.sorted() == expected.map { "\(prefix)/\($0)" }.sorted())
        #expect(files(stage) == installed.map { "opt/gradpath/\($0)" }, "nothing written outside the prefix")

        // No Swift runtime: the binary needs only the system libraries (README), and its run path is
        // its own folder, never the toolchain's.
        let elf = try spawn("/usr/bin/env", ["readelf", "-d", bin])
        #expect(elf.status == 0)
        let needed = elf.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.count >= 4)
        for line in needed {
            #expect(
                ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime", "lib_Foundation", "libXCTest"]
                    .allSatisfy { !line.contains($0) }, "needs \(line)")
        }
        for line in elf.stdout.split(separator: "\n") where line.contains("RPATH") || line.contains("RUNPATH") {
            #expect(line.hasSuffix("[$ORIGIN]"), "run path \(line)")
        }
        let ldd = try spawn("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", "ldd", bin])
        #expect(ldd.status == 0 && !ldd.stdout.contains("swift") && !ldd.stdout.contains("not found"), "\(ldd.stdout)")

        // A new shell in a folder of the user's own: an empty environment (no LD_LIBRARY_PATH, no
        // toolchain on PATH), and an unrelated experiments/ folder that must not be read.
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(
            at: work.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        try "{}".write(to: work.appendingPathComponent("experiments/not-ours.json"), atomically: true, encoding: .utf8)
        func user(_ args: [String]) throws -> CLIResult {
            try spawn("/usr/bin/env", ["-i", "-C", work.path, "PATH=/usr/bin:/bin", "HOME=\(work.path)", bin] + args)
        }

        let version = try user(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "gradpath 0.1.0 (commit \(try Self.expectedCommit()))\n", "\(version.stdout)")

        let list = try user(["list"])
        #expect(list.status == 0, "\(list.stdout)")
        let names = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names == specs.map { String($0.dropLast(5)) })

        let run = try user(["run", "seed-table", "--quick"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(
            FileManager.default.fileExists(atPath: work.appendingPathComponent("reports/seed-table/report.md").path))

        let fixture = repository.appendingPathComponent(
            "Tests/InstrumentationTests/Fixtures/analyze/lstm_2layer_f32")
        let analyze = try user([
            "analyze", "--weights", fixture.appendingPathComponent("weights.safetensors").path, "--inputs",
            fixture.appendingPathComponent("inputs.safetensors").path, "--out", "my-model",
        ])
        #expect(analyze.status == 0, "\(analyze.stdout)")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("my-model/report.md").path))

        let slurm = try user(["slurm", "vanishing-sweep", "--quick", "--shards", "2"])
        #expect(slurm.status == 0, "\(slurm.stdout)")
        let array = try String(
            contentsOf: work.appendingPathComponent("reports/vanishing-sweep.slurm/array.sbatch"), encoding: .utf8)
        #expect(array.contains("\(root.path)/share/gradpath/experiments/vanishing-sweep.json"))
        #expect(array.contains(bin))

        // Completion of experiment names, and the three scripts.
        let complete = try user(["---completion", "run", "--", "positional@0", "2", "2", "gradpath", "run", "lo"])
        #expect(complete.stdout == "long-lag-lstm\nlong-term-dependency\n", "\(complete.stdout)")
        let bash = try String(
            contentsOf: root.appendingPathComponent("share/bash-completion/completions/gradpath"), encoding: .utf8)
        #expect(bash.contains("complete -o filenames -F _gradpath gradpath") || bash.contains("-F _gradpath gradpath"))
        let zsh = try String(
            contentsOf: root.appendingPathComponent("share/zsh/site-functions/_gradpath"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef gradpath"))
        let fish = try String(
            contentsOf: root.appendingPathComponent("share/fish/vendor_completions.d/gradpath.fish"), encoding: .utf8)
        #expect(fish.contains("complete -c 'gradpath'"))
        // Each shell, interactive in a pseudo-terminal, loading the installed scripts the way it
        // loads an installed package's, completes a subcommand, an experiment name (the installed
        // binary, run by the script, reading the installed specifications, not ./experiments) and
        // an option. Without the scripts each line comes back as typed.
        let checker = repository.appendingPathComponent("scripts/completion_check.py").path
        for shell in ["bash", "zsh", "fish"] {
            let typed = try spawn(
                "/usr/bin/env",
                [
                    "python3", checker, shell, root.path, work.path, "gradpath sl", "gradpath run long-la",
                    "gradpath run --qu",
                ])
            #expect(typed.status == 0, "\(shell): \(typed.stdout)")
            #expect(
                typed.stdout == "gradpath slurm\ngradpath run long-lag-lstm\ngradpath run --quick\n",
                "\(shell) completed: \(typed.stdout)")
        }

        // Never into the install tree; the runs wrote nothing there.
        let refused = try user([
            "run", "seed-table", "--quick", "--out", root.appendingPathComponent("share/gradpath/out").path,
        ])
        #expect(refused.status == 2 && refused.stdout.contains("install tree"), "\(refused.stdout)")
        #expect(refused.stdout.split(separator: "\n").count == 1)
        #expect(files(root) == installed)

        // Upgrade: installing again first removes what the last install listed (a specification
        // dropped since then does not linger), and installs the same files.
        let stale = root.appendingPathComponent("share/gradpath/experiments/dropped.json")
        try "{}".write(to: stale, atomically: true, encoding: .utf8)
        try (manifest + "f \(prefix)/share/gradpath/experiments/dropped.json\n").write(
            to: root.appendingPathComponent("share/gradpath/install-manifest"), atomically: true, encoding: .utf8)
        let again = try spawn("/usr/bin/env", make + ["install", "INSTALL_CONFIG=debug"])
        #expect(again.status == 0, "\(again.stdout.suffix(2000))")
        #expect(files(root) == installed)

        // Uninstall removes exactly that: every file, and the folders the install created.
        let uninstall = try spawn("/usr/bin/env", make + ["uninstall"])
        #expect(uninstall.status == 0, "\(uninstall.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: stage.path).isEmpty)
        let twice = try spawn("/usr/bin/env", make + ["uninstall"])
        #expect(twice.status != 0 && twice.stdout.contains("nothing installed"))
    }

    /// `make install` (without DESTDIR) names, for each shell that would not find the completions in
    /// a new session, the line to add; a prefix a shell searches gets no line for it.
    @Test func installSaysWhatEachShellNeedsToFindTheCompletions() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let script = repository.appendingPathComponent("scripts/install.sh").path
        func hints(_ prefix: String, _ extra: [String] = []) throws -> [String] {
            let r = try spawn(
                "/usr/bin/env",
                ["-i", "PATH=/usr/bin:/bin", "HOME=\(home.path)", "PREFIX=\(prefix)"] + extra + [script, "hints"])
            #expect(r.status == 0, "\(r.stdout)")
            return r.stdout.split(separator: "\n").map(String.init)
        }
        // A prefix no shell searches: a line each.
        let prefix = "/opt/gradpath-test"
        #expect(
            try hints(prefix) == [
                "bash: to complete gradpath, add to ~/.bashrc: source \(prefix)/share/bash-completion/completions/gradpath",
                "zsh: to complete gradpath, add to ~/.zshrc before compinit: fpath=(\(prefix)/share/zsh/site-functions $fpath)",
                "fish: to complete gradpath, add to ~/.config/fish/config.fish: set -p fish_complete_path \(prefix)/share/fish/vendor_completions.d",
            ])
        // bash-completion and fish search XDG_DATA_DIRS; zsh does not.
        #expect(try hints(prefix, ["XDG_DATA_DIRS=\(prefix)/share:/usr/share"]).map { $0.prefix(4) } == ["zsh:"])
        // The default prefix: bash-completion and zsh search /usr/local/share, fish only through
        // XDG_DATA_DIRS (fish's config.fish: without it, only its own data folder).
        #expect(try hints("/usr/local").map { $0.prefix(5) } == ["fish:"])
        #expect(try hints("/usr/local", ["XDG_DATA_DIRS=/usr/local/share:/usr/share"]).isEmpty)
        // A prefix in the home folder: bash-completion's and fish's user folders.
        #expect(try hints("\(home.path)/.local").map { $0.prefix(4) } == ["zsh:"])
        // A staged install says nothing, and nothing was written into the home folder.
        #expect(try hints(prefix, ["DESTDIR=\(home.path)/stage"]).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).isEmpty)
    }

    /// A shell that is still writing its search path after the folder was found still counts as
    /// finding it. (CI once printed a fish hint for a folder fish searches: `fish … | grep -q` under
    /// `pipefail` read fish's SIGPIPE, when grep had stopped at the match, as "not found".) Stand-in
    /// zsh and fish print the folder, pause, then write more, so that the old pipe failed every time.
    @Test func aShellStillWritingAfterTheMatchCountsAsFound() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let bin = home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let prefix = "/opt/gradpath-test"
        for (shell, folder) in [("zsh", "zsh/site-functions"), ("fish", "fish/vendor_completions.d")] {
            let stand = bin.appendingPathComponent(shell)
            let body =
                "#!/bin/sh\nprintf '%s\\n' \(prefix)/share/\(folder)\nsleep 0.3\n"
                + "i=0; while [ $i -lt 2000 ]; do printf '/usr/share/%s\\n' $i; i=$((i + 1)); done\n"
            try body.write(to: stand, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stand.path)
        }
        let r = try spawn(
            "/usr/bin/env",
            [
                "-i", "PATH=\(bin.path):/usr/bin:/bin", "HOME=\(home.path)", "PREFIX=\(prefix)",
                "XDG_DATA_DIRS=\(prefix)/share:/usr/share",
                repository.appendingPathComponent("scripts/install.sh").path, "hints",
            ])
        #expect(r.status == 0)
        // bash-completion searches XDG_DATA_DIRS (installed by make test), the stand-ins answer.
        #expect(r.stdout.isEmpty, "\(r.stdout)")
    }

    /// A DESTDIR that does not exist yet (a packager's fresh staging folder) is created, not walked
    /// up to `/` for ever (the folder loop once did: an install that never ended); a DESTDIR below a
    /// file gets one line and exit 2. `timeout` (with a KILL: the runaway loop does not heed a TERM)
    /// turns a hang back into a failure.
    @Test func aStagingFolderThatDoesNotExistYetIsCreated() throws {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = repository.appendingPathComponent("scripts/install.sh").path
        let stage = scratch.appendingPathComponent("new/pkg")
        let env = ["PREFIX": "/usr", "DESTDIR": stage.path]
        let r = try spawn("/usr/bin/timeout", ["-k", "5", "60", script, "install", gradpathBinary().path], env: env)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(FileManager.default.isExecutableFile(atPath: stage.appendingPathComponent("usr/bin/gradpath").path))
        let u = try spawn("/usr/bin/timeout", ["-k", "5", "60", script, "uninstall"], env: env)
        #expect(u.status == 0, "\(u.stdout)")
        // The staging folder is the packager's: it stays, empty.
        #expect(try FileManager.default.contentsOfDirectory(atPath: stage.path).isEmpty)

        let file = scratch.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let bad = try spawn(
            "/usr/bin/timeout", ["-k", "5", "60", script, "install", gradpathBinary().path],
            env: ["PREFIX": "/usr", "DESTDIR": file.path + "/pkg"])
        #expect(bad.status == 2, "\(bad.stdout)")
        #expect(bad.stdout == "install.sh: DESTDIR \(file.path)/pkg: cannot create it\n")
    }

    /// Folders that existed before the install stay, with anything of the user's in them.
    @Test func uninstallKeepsWhatWasThereBefore() throws {
        let stage = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: stage) }
        let mine = stage.appendingPathComponent("usr/bin/mytool")
        try FileManager.default.createDirectory(
            at: mine.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "#!/bin/sh\n".write(to: mine, atomically: true, encoding: .utf8)
        // A binary of any kind will do for the install script (it runs it for --version and completions).
        let env = ["PREFIX": "/usr", "DESTDIR": stage.path]
        let script = repository.appendingPathComponent("scripts/install.sh").path
        let r = try spawn(script, ["install", gradpathBinary().path], env: env)
        try #require(r.status == 0, "\(r.stdout)")
        #expect(FileManager.default.fileExists(atPath: stage.appendingPathComponent("usr/bin/gradpath").path))
        let u = try spawn(script, ["uninstall"], env: env)
        #expect(u.status == 0, "\(u.stdout)")
        #expect(files(stage) == ["usr/bin/mytool"])
        // A manifest naming a path outside the prefix is refused before anything is removed.
        let r2 = try spawn(script, ["install", gradpathBinary().path], env: env)
        try #require(r2.status == 0)
        let m = stage.appendingPathComponent("usr/share/gradpath/install-manifest")
        try (try String(contentsOf: m, encoding: .utf8) + "f /etc/passwd\n").write(
            to: m, atomically: true, encoding: .utf8)
        let bad = try spawn(script, ["uninstall"], env: env)
        #expect(
            bad.status == 2 && bad.stdout.contains("/etc/passwd") && bad.stdout.contains("nothing removed"),
            "\(bad.stdout)")
        #expect(FileManager.default.fileExists(atPath: stage.appendingPathComponent("usr/bin/gradpath").path))
    }
}
