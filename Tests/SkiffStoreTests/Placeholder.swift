import Testing
@testable import SkiffStore
@Test func placeholder() {}
