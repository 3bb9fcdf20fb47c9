#!/usr/bin/env bash
# Generates the Swift code of Protos/etcd/*.proto (etcd's v3 API as Skiff speaks it) into
# Sources/SkiffEtcdAPI/Generated. Run by hand when a .proto changes, then commit the result:
# CI never runs protoc.
#
# Needs protoc (Debian: protobuf-compiler) and the two plugins, built from the versions
# Package.swift names:
#   swift build -c release --product protoc-gen-swift          (apple/swift-protobuf)
#   swift build -c release --product protoc-gen-grpc-swift-2   (grpc/grpc-swift-protobuf)
# in a package that depends on both; pass their folder as PLUGINS (default: .build-codegen/release).
set -euo pipefail
cd "$(dirname "$0")/.."
plugins="${PLUGINS:-.build-codegen/release}"
out=Sources/SkiffEtcdAPI/Generated
mkdir -p "$out"
rm -f "$out"/*.swift
protoc \
    --plugin=protoc-gen-swift="$plugins/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift-2="$plugins/protoc-gen-grpc-swift-2" \
    --proto_path=Protos/etcd \
    --swift_out="$out" --swift_opt=Visibility=Public \
    --grpc-swift-2_out="$out" --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true \
    Protos/etcd/kv.proto Protos/etcd/rpc.proto
echo "generated: $(ls "$out")"
