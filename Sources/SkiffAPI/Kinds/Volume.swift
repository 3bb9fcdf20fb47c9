/// A volume of a pod (`v1.Volume`): a name and exactly one source.
///
/// The common sources are typed; the rarely used in-tree and CSI ones are kept verbatim as
/// ``JSONValue`` under their Kubernetes names.
public struct Volume: Hashable, Sendable, Codable {
    /// The name, unique within the pod, that mounts refer to.
    public var name: String?
    /// A directory of the node.
    public var hostPath: HostPathVolumeSource?
    /// A directory that lives as long as the pod.
    public var emptyDir: EmptyDirVolumeSource?
    /// The keys of a Secret as files.
    public var secret: SecretVolumeSource?
    /// A PersistentVolumeClaim in the pod's namespace.
    public var persistentVolumeClaim: PersistentVolumeClaimVolumeSource?
    /// Fields of the pod as files.
    public var downwardAPI: DownwardAPIVolumeSource?
    /// The keys of a ConfigMap as files.
    public var configMap: ConfigMapVolumeSource?
    /// Several sources in one directory.
    public var projected: ProjectedVolumeSource?
    /// An OCI image or artifact.
    public var image: ImageVolumeSource?
    /// A GCE persistent disk, kept verbatim.
    public var gcePersistentDisk: JSONValue?
    /// An AWS EBS volume, kept verbatim.
    public var awsElasticBlockStore: JSONValue?
    /// A git repository (deprecated), kept verbatim.
    public var gitRepo: JSONValue?
    /// An NFS export, kept verbatim.
    public var nfs: JSONValue?
    /// An iSCSI disk, kept verbatim.
    public var iscsi: JSONValue?
    /// A GlusterFS volume, kept verbatim.
    public var glusterfs: JSONValue?
    /// A Ceph RBD volume, kept verbatim.
    public var rbd: JSONValue?
    /// A FlexVolume driver volume, kept verbatim.
    public var flexVolume: JSONValue?
    /// A Cinder volume, kept verbatim.
    public var cinder: JSONValue?
    /// A CephFS volume, kept verbatim.
    public var cephfs: JSONValue?
    /// A Flocker volume, kept verbatim.
    public var flocker: JSONValue?
    /// A Fibre Channel volume, kept verbatim.
    public var fc: JSONValue?
    /// An Azure File share, kept verbatim.
    public var azureFile: JSONValue?
    /// A vSphere volume, kept verbatim.
    public var vsphereVolume: JSONValue?
    /// A Quobyte volume, kept verbatim.
    public var quobyte: JSONValue?
    /// An Azure data disk, kept verbatim.
    public var azureDisk: JSONValue?
    /// A Photon persistent disk, kept verbatim.
    public var photonPersistentDisk: JSONValue?
    /// A Portworx volume, kept verbatim.
    public var portworxVolume: JSONValue?
    /// A ScaleIO volume, kept verbatim.
    public var scaleIO: JSONValue?
    /// A StorageOS volume, kept verbatim.
    public var storageos: JSONValue?
    /// An inline CSI volume, kept verbatim.
    public var csi: JSONValue?
    /// A generic ephemeral volume (a PVC made for the pod), kept verbatim.
    public var ephemeral: JSONValue?

    /// A volume with a name and no source yet.
    public init(name: String? = nil) { self.name = name }
}

/// A directory of the node (`v1.HostPathVolumeSource`).
public struct HostPathVolumeSource: Hashable, Sendable, Codable {
    /// The path on the node.
    public var path: String?
    /// `""`, `DirectoryOrCreate`, `Directory`, `FileOrCreate`, `File`, `Socket`, `CharDevice`,
    /// `BlockDevice`.
    public var type: String?

    /// A host path.
    public init(path: String? = nil, type: String? = nil) {
        self.path = path
        self.type = type
    }
}

/// A directory that lives as long as the pod (`v1.EmptyDirVolumeSource`).
public struct EmptyDirVolumeSource: Hashable, Sendable, Codable {
    /// `""` (the node's disk) or `Memory` (tmpfs).
    public var medium: String?
    /// The most storage the directory may use.
    public var sizeLimit: Quantity?

    /// An empty directory.
    public init(medium: String? = nil, sizeLimit: Quantity? = nil) {
        self.medium = medium
        self.sizeLimit = sizeLimit
    }
}

/// A key of a ConfigMap or Secret projected to a file (`v1.KeyToPath`).
public struct KeyToPath: Hashable, Sendable, Codable {
    /// The key.
    public var key: String?
    /// The relative file path.
    public var path: String?
    /// The file mode bits, 0 to 0777.
    public var mode: Int?

    /// A key-to-path mapping.
    public init(key: String? = nil, path: String? = nil, mode: Int? = nil) {
        self.key = key
        self.path = path
        self.mode = mode
    }
}

/// The keys of a Secret as files (`v1.SecretVolumeSource`).
public struct SecretVolumeSource: Hashable, Sendable, Codable {
    /// The Secret's name.
    public var secretName: String?
    /// The keys to project; all when absent.
    public var items: [KeyToPath]?
    /// The files' mode bits; defaults to 0644.
    public var defaultMode: Int?
    /// Whether the Secret may be missing.
    public var optional: Bool?

    /// A Secret volume.
    public init(secretName: String? = nil) { self.secretName = secretName }
}

/// The keys of a ConfigMap as files (`v1.ConfigMapVolumeSource`).
public struct ConfigMapVolumeSource: Hashable, Sendable, Codable {
    /// The ConfigMap's name.
    public var name: String?
    /// The keys to project; all when absent.
    public var items: [KeyToPath]?
    /// The files' mode bits; defaults to 0644.
    public var defaultMode: Int?
    /// Whether the ConfigMap may be missing.
    public var optional: Bool?

    /// A ConfigMap volume.
    public init(name: String? = nil) { self.name = name }
}

/// A PersistentVolumeClaim used as a volume (`v1.PersistentVolumeClaimVolumeSource`).
public struct PersistentVolumeClaimVolumeSource: Hashable, Sendable, Codable {
    /// The claim's name.
    public var claimName: String?
    /// Whether the volume is mounted read-only.
    public var readOnly: Bool?

    /// A claim volume.
    public init(claimName: String? = nil, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }
}

/// Fields of the pod as files (`v1.DownwardAPIVolumeSource`).
public struct DownwardAPIVolumeSource: Hashable, Sendable, Codable {
    /// The files.
    public var items: [DownwardAPIVolumeFile]?
    /// The files' mode bits; defaults to 0644.
    public var defaultMode: Int?

    /// A downward API volume.
    public init(items: [DownwardAPIVolumeFile]? = nil) { self.items = items }
}

/// One file of a downward API volume (`v1.DownwardAPIVolumeFile`).
public struct DownwardAPIVolumeFile: Hashable, Sendable, Codable {
    /// The relative file path.
    public var path: String?
    /// A field of the pod.
    public var fieldRef: ObjectFieldSelector?
    /// A resource of a container.
    public var resourceFieldRef: ResourceFieldSelector?
    /// The file's mode bits.
    public var mode: Int?

    /// A file.
    public init(path: String? = nil) { self.path = path }
}

/// Several sources projected into one directory (`v1.ProjectedVolumeSource`).
public struct ProjectedVolumeSource: Hashable, Sendable, Codable {
    /// The sources.
    public var sources: [VolumeProjection]?
    /// The files' mode bits; defaults to 0644.
    public var defaultMode: Int?

    /// A projected volume.
    public init(sources: [VolumeProjection]? = nil) { self.sources = sources }
}

/// One source of a projected volume (`v1.VolumeProjection`); exactly one is set.
public struct VolumeProjection: Hashable, Sendable, Codable {
    /// Keys of a Secret.
    public var secret: SecretProjection?
    /// Fields of the pod.
    public var downwardAPI: DownwardAPIProjection?
    /// Keys of a ConfigMap.
    public var configMap: ConfigMapProjection?
    /// A service account token.
    public var serviceAccountToken: ServiceAccountTokenProjection?
    /// Certificates of ClusterTrustBundles.
    public var clusterTrustBundle: ClusterTrustBundleProjection?
    /// A key and certificate chain issued for the pod.
    public var podCertificate: PodCertificateProjection?

    /// An empty projection.
    public init() {}
}

/// Keys of a Secret in a projected volume (`v1.SecretProjection`).
public struct SecretProjection: Hashable, Sendable, Codable {
    /// The Secret's name.
    public var name: String?
    /// The keys to project; all when absent.
    public var items: [KeyToPath]?
    /// Whether the Secret may be missing.
    public var optional: Bool?

    /// A Secret projection.
    public init(name: String? = nil) { self.name = name }
}

/// Keys of a ConfigMap in a projected volume (`v1.ConfigMapProjection`).
public struct ConfigMapProjection: Hashable, Sendable, Codable {
    /// The ConfigMap's name.
    public var name: String?
    /// The keys to project; all when absent.
    public var items: [KeyToPath]?
    /// Whether the ConfigMap may be missing.
    public var optional: Bool?

    /// A ConfigMap projection.
    public init(name: String? = nil) { self.name = name }
}

/// Fields of the pod in a projected volume (`v1.DownwardAPIProjection`).
public struct DownwardAPIProjection: Hashable, Sendable, Codable {
    /// The files.
    public var items: [DownwardAPIVolumeFile]?

    /// A downward API projection.
    public init(items: [DownwardAPIVolumeFile]? = nil) { self.items = items }
}

/// A service account token in a projected volume (`v1.ServiceAccountTokenProjection`).
public struct ServiceAccountTokenProjection: Hashable, Sendable, Codable {
    /// The token's intended audience; defaults to the API server's.
    public var audience: String?
    /// The requested lifetime; defaults to 3600.
    public var expirationSeconds: Int64?
    /// The relative file path.
    public var path: String?

    /// A token projection.
    public init(audience: String? = nil, expirationSeconds: Int64? = nil, path: String? = nil) {
        self.audience = audience
        self.expirationSeconds = expirationSeconds
        self.path = path
    }
}

/// ClusterTrustBundle certificates in a projected volume (`v1.ClusterTrustBundleProjection`).
public struct ClusterTrustBundleProjection: Hashable, Sendable, Codable {
    /// A bundle by name.
    public var name: String?
    /// Bundles by signer name.
    public var signerName: String?
    /// Bundles by label, with ``signerName``.
    public var labelSelector: LabelSelector?
    /// Whether a missing bundle is allowed.
    public var optional: Bool?
    /// The relative file path.
    public var path: String?

    /// An empty projection.
    public init() {}
}

/// A key and certificate chain issued for the pod (`v1.PodCertificateProjection`).
public struct PodCertificateProjection: Hashable, Sendable, Codable {
    /// The signer that issues the certificate.
    public var signerName: String?
    /// The private key type, `ECDSAP256`.
    public var keyType: String?
    /// The longest certificate lifetime accepted.
    public var maxExpirationSeconds: Int?
    /// Where the key and chain are written in one file.
    public var credentialBundlePath: String?
    /// Where the private key is written.
    public var keyPath: String?
    /// Where the certificate chain is written.
    public var certificateChainPath: String?

    /// An empty projection.
    public init() {}
}

/// An OCI image or artifact as a read-only volume (`v1.ImageVolumeSource`).
public struct ImageVolumeSource: Hashable, Sendable, Codable {
    /// The image reference.
    public var reference: String?
    /// `Always`, `Never` or `IfNotPresent`.
    public var pullPolicy: String?

    /// An image volume.
    public init(reference: String? = nil, pullPolicy: String? = nil) {
        self.reference = reference
        self.pullPolicy = pullPolicy
    }
}
