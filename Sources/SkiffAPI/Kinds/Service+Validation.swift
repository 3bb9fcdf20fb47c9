// kube-apiserver's validation of Services (`ValidateService`, `ValidateServiceUpdate` of
// `pkg/apis/core/validation`) and the node port range check of its allocator.

extension Service: Validating {
    /// The node ports the allocator hands out and accepts (kube-apiserver's default
    /// `--service-node-port-range`).
    public static let nodePortRange = 30000...32767

    /// The type, ports, cluster IPs, external name, selector and session affinity; on update, cluster
    /// IPs may not change once set (an update that leaves them out keeps them).
    public func validate(old: Service?) -> [FieldError] {
        let spec = self.spec ?? ServiceSpec()
        let path = FieldPath("spec")
        let type = (spec.type ?? "").isEmpty ? "ClusterIP" : spec.type ?? ""
        let isHeadless = spec.clusterIP == "None"
        var errors = FieldRules.oneOf(type, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"], path("type"))
        let ports = spec.ports ?? []
        if ports.isEmpty, !isHeadless, type != "ExternalName" { errors.append(.required(path("ports"))) }
        if type == "ExternalName" {
            if !(spec.clusterIPs ?? []).isEmpty {
                errors.append(.forbidden(path("clusterIPs"), "may not be set for ExternalName services"))
            }
            var name = spec.externalName ?? ""
            if name.hasSuffix(".") { name.removeLast() }
            if name.isEmpty {
                errors.append(.required(path("externalName")))
            } else {
                errors += FieldRules.name(name, path("externalName"), NameValidation.isDNS1123Subdomain)
            }
        } else {
            errors += Self.clusterIPs(spec, path)
        }
        errors += Self.ports(ports, type: type, path.child("ports"))
        for (index, address) in (spec.externalIPs ?? []).enumerated() {
            errors += FieldRules.name(
                address, path.child("externalIPs").index(index).description, NameValidation.isValidIP)
        }
        if let selector = spec.selector {
            errors += NameValidation.validateLabels(selector, path: path.child("selector"))
        }
        errors += FieldRules.oneOf(spec.sessionAffinity, ["ClientIP", "None"], path("sessionAffinity"))
        if let timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds, !(1...86400).contains(timeout) {
            errors.append(
                .invalid(
                    path.child("sessionAffinityConfig").child("clientIP")("timeoutSeconds"), timeout,
                    "must be greater than 0 and less than 86400"))
        }
        errors += FieldRules.oneOf(spec.externalTrafficPolicy, ["Cluster", "Local"], path("externalTrafficPolicy"))
        errors += FieldRules.oneOf(spec.internalTrafficPolicy, ["Cluster", "Local"], path("internalTrafficPolicy"))
        if let old { errors += Self.unchangedClusterIPs(spec, old: old.spec ?? ServiceSpec()) }
        return errors
    }

    /// `clusterIP` is `None` or an address; `clusterIPs` are addresses (or `None` alone), the first
    /// equal to `clusterIP`.
    private static func clusterIPs(_ spec: ServiceSpec, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let address = spec.clusterIP, !address.isEmpty, address != "None" {
            errors += FieldRules.name(address, path("clusterIP"), NameValidation.isValidIP)
        }
        let addresses = spec.clusterIPs ?? []
        for (index, address) in addresses.enumerated() where !(index == 0 && address == "None") {
            errors += FieldRules.name(
                address, path.child("clusterIPs").index(index).description, NameValidation.isValidIP)
        }
        if let first = addresses.first, let address = spec.clusterIP, !address.isEmpty, first != address {
            errors.append(.invalid(path.child("clusterIPs").index(0).description, first, "must match `clusterIP`"))
        }
        return errors
    }

    /// `validateServicePort` for each port, unique (port, protocol) pairs and node ports, node ports
    /// only for NodePort and LoadBalancer Services and within ``nodePortRange``.
    private static func ports(_ ports: [ServicePort], type: String, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names: Set<String> = []
        var pairs: Set<String> = []
        var nodePorts: Set<String> = []
        for (index, port) in ports.enumerated() {
            let portPath = path.index(index)
            let name = port.name ?? ""
            if ports.count > 1, name.isEmpty {
                errors.append(.required(portPath("name")))
            } else if !name.isEmpty {
                errors += FieldRules.name(name, portPath("name"), NameValidation.isDNS1123Label)
                if !names.insert(name).inserted { errors.append(.duplicate(portPath("name"), name)) }
            }
            let number = port.port ?? 0
            errors += NameValidation.isValidPortNumber(number).map { .invalid(portPath("port"), number, $0) }
            let proto = port.protocol ?? "TCP"
            if proto.isEmpty {
                errors.append(.required(portPath("protocol")))
            } else {
                errors += FieldRules.oneOf(proto, ["SCTP", "TCP", "UDP"], portPath("protocol"))
            }
            if let target = port.targetPort { errors += FieldRules.portNumberOrName(target, portPath("targetPort")) }
            if !pairs.insert("\(number)/\(proto)").inserted {
                errors.append(FieldError(.duplicate, field: portPath.description, value: "\(number)/\(proto)"))
            }
            guard let nodePort = port.nodePort, nodePort != 0 else { continue }
            if type != "NodePort", type != "LoadBalancer" {
                errors.append(.forbidden(portPath("nodePort"), "may not be used when `type` is '\(type)'"))
            } else if !nodePortRange.contains(nodePort) {
                errors.append(
                    .invalid(
                        portPath("nodePort"), nodePort,
                        "provided port is not in the valid range. The range of valid ports is "
                            + "\(nodePortRange.lowerBound)-\(nodePortRange.upperBound)"))
            }
            if !nodePorts.insert("\(nodePort)/\(proto)").inserted {
                errors.append(.duplicate(portPath("nodePort"), nodePort))
            }
        }
        return errors
    }

    /// `validateUpgradeDowngradeClusterIPs`: assigned cluster IPs keep their values. A new spec
    /// without cluster IPs is accepted: the server carries the old ones over, as kube-apiserver does.
    private static func unchangedClusterIPs(_ spec: ServiceSpec, old: ServiceSpec) -> [FieldError] {
        if spec.type == "ExternalName" || old.type == "ExternalName" { return [] }
        if spec.clusterIP == "None", old.clusterIP == "None" { return [] }
        let new = assigned(spec)
        let previous = assigned(old)
        guard !new.isEmpty, !previous.isEmpty else { return [] }
        for index in 0..<min(new.count, previous.count) where new[index] != previous[index] {
            return [
                FieldRules.invalidRaw(
                    "spec.clusterIPs[\(index)]", FieldRules.goList(new), "may not change once set")
            ]
        }
        return []
    }

    /// The cluster IPs of a spec: `clusterIPs`, or `clusterIP` alone.
    private static func assigned(_ spec: ServiceSpec) -> [String] {
        if let addresses = spec.clusterIPs, !addresses.isEmpty { return addresses }
        if let address = spec.clusterIP, !address.isEmpty { return [address] }
        return []
    }
}
