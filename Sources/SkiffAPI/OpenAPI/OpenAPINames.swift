/// Component names and references of an OpenAPI v3 document.
enum OpenAPINames {
    /// What a `$ref` to a component starts with.
    static let schemaPrefix = "#/components/schemas/"

    /// `meta/v1.ObjectMeta`.
    static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    /// `meta/v1.ListMeta`.
    static let listMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"
    /// `meta/v1.Time`.
    static let time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
    /// `meta/v1.MicroTime`.
    static let microTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"
    /// `meta/v1.FieldsV1`.
    static let fieldsV1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"
    /// `meta/v1.Patch`: the body of a PATCH.
    static let patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"
    /// `meta/v1.Status`.
    static let status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status"
    /// `meta/v1.StatusDetails`.
    static let statusDetails = "io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails"
    /// `meta/v1.StatusCause`.
    static let statusCause = "io.k8s.apimachinery.pkg.apis.meta.v1.StatusCause"
    /// `meta/v1.DeleteOptions`.
    static let deleteOptions = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"
    /// `resource.Quantity`.
    static let quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity"
    /// `intstr.IntOrString`.
    static let intOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
    /// `runtime.RawExtension`.
    static let rawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension"

    /// `{"$ref": "#/components/schemas/<component>"}`.
    static func ref(_ component: String) -> JSONValue { ["$ref": .string(schemaPrefix + component)] }

    /// The component of a custom resource kind, named as kube-apiserver names it: the group reversed, then
    /// the version and the kind (`stable.example.com`, `v1`, `CronTab` → `com.example.stable.v1.CronTab`).
    static func customResource(group: String, version: String, kind: String) -> String {
        let reversed = group.split(separator: ".").reversed().joined(separator: ".")
        return reversed.isEmpty ? "\(version).\(kind)" : "\(reversed).\(version).\(kind)"
    }

    /// A `x-kubernetes-group-version-kind` entry.
    static func groupVersionKind(group: String, version: String, kind: String) -> JSONValue {
        ["group": .string(group), "version": .string(version), "kind": .string(kind)]
    }
}
