import Foundation
import SkiffAPI
import SkiffPluginHost
import SkiffPluginKit

/// Runs a container's `postStart` and `preStop` hooks (exec through the runtime; httpGet and
/// tcpSocket from the agent; sleep), bounded by a timeout. Blocking: call it from a worker thread.
struct LifecycleHooks: Sendable {
    let runtime: NodeRuntimePlugin

    /// Runs a hook; `.failure` with kubelet's message when it failed.
    func run(
        _ hook: LifecycleHandler, record: ContainerRecord, container: Container, podIP: String, timeout: Duration
    ) -> ProbeOutcome {
        if runtime.isSimulated { return .success("") }
        if let exec = hook.exec {
            let command = exec.command ?? []
            do {
                let milliseconds =
                    Int(timeout.components.seconds) * 1000 + Int(timeout.components.attoseconds / 1_000_000_000_000_000)
                let response = try runtime.execSync(
                    ExecRequest(id: record.id, command: command, timeoutMs: max(1, milliseconds)))
                if response.timedOut { return .failure("command '\(command.joined(separator: " "))' timed out") }
                guard response.exitCode == 0 else {
                    return .failure(
                        "command '\(command.joined(separator: " "))' exited with \(response.exitCode): \(response.output)"
                    )
                }
                return .success(response.output)
            } catch {
                return .failure(error.message)
            }
        }
        if let outcome = Self.network(
            httpGet: hook.httpGet, tcpSocket: hook.tcpSocket, container: container, podIP: podIP, timeout: timeout)
        {
            return outcome
        }
        if let sleep = hook.sleep, let seconds = sleep.seconds {
            let wanted = Duration.seconds(max(0, seconds))
            Thread.sleep(forTimeInterval: Double((wanted < timeout ? wanted : timeout).components.seconds))
            return .success("")
        }
        return .failure("the hook names no action")
    }

    /// An httpGet or tcpSocket action (a probe's or a hook's) against the pod; nil when there is
    /// neither.
    static func network(
        httpGet: HTTPGetAction?, tcpSocket: TCPSocketAction?, container: Container, podIP: String, timeout: Duration
    ) -> ProbeOutcome? {
        if let http = httpGet {
            guard let port = port(http.port, container) else {
                return .failure("unknown port \(http.port.map { "\($0)" } ?? "")")
            }
            let headers = (http.httpHeaders ?? []).map { ($0.name ?? "", $0.value ?? "") }
            return NetworkProbe.http(
                scheme: http.scheme ?? "HTTP", host: http.host ?? podIP, port: port, path: http.path ?? "/",
                headers: headers, timeout: timeout)
        }
        if let tcp = tcpSocket {
            guard let port = port(tcp.port, container) else {
                return .failure("unknown port \(tcp.port.map { "\($0)" } ?? "")")
            }
            return NetworkProbe.tcp(host: tcp.host ?? podIP, port: port, timeout: timeout)
        }
        return nil
    }

    /// A port number, or the name of one of the container's ports.
    static func port(_ port: IntOrString?, _ container: Container) -> Int? {
        switch port {
        case .int(let number): return number
        case .string(let name):
            if let number = Int(name) { return number }
            return container.ports?.first { $0.name == name }?.containerPort
        case nil: return nil
        }
    }
}
