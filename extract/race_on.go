//go:build race

package extract

// raceEnabled: built with the race detector, whose shadow memory takes
// several times the heap.
const raceEnabled = true
