/// A first-in first-out buffer with amortised O(1) append and removal at the front.
struct FIFOBuffer<Element> {
    private var storage: [Element] = []
    private var head = 0

    /// The number of elements.
    var count: Int { storage.count - head }

    /// Whether the buffer is empty.
    var isEmpty: Bool { head == storage.count }

    /// Adds `element` at the back.
    mutating func append(_ element: Element) {
        storage.append(element)
    }

    /// Removes and returns the front element, nil when empty.
    mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        let element = storage[head]
        head += 1
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }
}
