import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs `executable args` with `extra` added to the environment and waits for it (posix_spawn and
/// waitpid: Foundation's Process, on Linux, never saw the cluster script exit once its daemons
/// were running, and waited forever); returns its status and its output (stdout and stderr, in
/// order, through a file).
func spawn(_ executable: String, _ args: [String], env extra: [String: String] = [:]) throws -> CLIResult {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("gradpath-spawn-\(UUID().uuidString).log")
    defer { try? FileManager.default.removeItem(at: log) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }.map { "\($0)=\($1)" }
    let argv = ([executable] + args).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard rc == 0 else { throw CocoaError(.fileNoSuchFile, userInfo: ["path": executable, "errno": rc]) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return CLIResult(status: exited, stdout: output, stderr: output)
}
