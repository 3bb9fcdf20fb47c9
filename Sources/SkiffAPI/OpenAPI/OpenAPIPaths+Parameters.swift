extension OpenAPIPaths {
    /// A query parameter.
    static func parameter(_ name: String, _ type: String, _ description: String) -> JSONValue {
        [
            "name": .string(name), "in": "query", "description": .string(description),
            "schema": ["type": .string(type), "uniqueItems": true],
        ]
    }

    /// A path parameter.
    static func pathParameter(_ name: String, _ description: String) -> JSONValue {
        [
            "name": .string(name), "in": "path", "required": true, "description": .string(description),
            "schema": ["type": "string", "uniqueItems": true],
        ]
    }

    /// `pretty`, which every path accepts.
    static let pretty = parameter("pretty", "string", "If 'true', the output is pretty printed.")

    /// `fieldValidation`, which `kubectl apply` looks for on PATCH to let the server validate fields.
    static let fieldValidation = parameter(
        "fieldValidation", "string",
        "How the server responds to unknown or duplicate fields: Ignore, Warn (the default) or Strict.")

    /// The parameters of create and replace.
    static let writeParameters: [JSONValue] = [
        parameter("dryRun", "string", "Not supported: requests with dryRun are refused."),
        parameter("fieldManager", "string", "The name of the actor making the change."),
        fieldValidation,
    ]

    /// The parameters of patch.
    static let patchParameters: [JSONValue] =
        writeParameters + [parameter("force", "boolean", "Force apply requests.")]

    /// The parameters of list and watch.
    static let listParameters: [JSONValue] = [
        parameter("allowWatchBookmarks", "boolean", "Send BOOKMARK events."),
        parameter("continue", "string", "The token of the next page."),
        parameter("fieldSelector", "string", "Filter by fields."),
        parameter("labelSelector", "string", "Filter by labels."),
        parameter("limit", "integer", "Page size."),
        parameter("resourceVersion", "string", "Where to read or watch from."),
        parameter("resourceVersionMatch", "string", "NotOlderThan or Exact."),
        parameter("sendInitialEvents", "boolean", "Start a watch with the current state."),
        parameter("timeoutSeconds", "integer", "How long a watch stays open."),
        parameter("watch", "boolean", "Watch instead of list."),
    ]

    /// The selectors of deletecollection.
    static let selectorParameters: [JSONValue] = [
        parameter("fieldSelector", "string", "Filter by fields."),
        parameter("labelSelector", "string", "Filter by labels."),
    ]

    /// The parameters of delete and deletecollection.
    static let deleteParameters: [JSONValue] = [
        parameter("dryRun", "string", "Not supported: requests with dryRun are refused."),
        parameter("gracePeriodSeconds", "integer", "Seconds before the object is deleted; 0 deletes now."),
        parameter("propagationPolicy", "string", "Orphan, Background or Foreground: what happens to dependents."),
    ]

    /// A JSON request body of `component`.
    static func body(_ component: String, required: Bool = true) -> JSONValue {
        var body: JSONValue = ["content": ["application/json": ["schema": OpenAPINames.ref(component)]]]
        if required { body["required"] = true }
        return body
    }

    /// The request body of PATCH: JSON patch and merge patch (see ``OpenAPIPaths``).
    static let patchBody: JSONValue = [
        "content": [
            "application/json-patch+json": ["schema": OpenAPINames.ref(OpenAPINames.patch)],
            "application/merge-patch+json": ["schema": OpenAPINames.ref(OpenAPINames.patch)],
        ],
        "required": true,
    ]

    /// Responses with the given codes and descriptions, each a JSON `component`, and 401.
    static func responses(_ codes: [String: String], _ component: String) -> JSONValue {
        var responses: [String: JSONValue] = ["401": ["description": "Unauthorized"]]
        for (code, description) in codes {
            responses[code] = [
                "description": .string(description),
                "content": ["application/json": ["schema": OpenAPINames.ref(component)]],
            ]
        }
        return .object(responses)
    }
}
