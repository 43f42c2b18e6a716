package extract

import (
	"image"

	"dossier/extract/seal"
)

// Seal is a red stamp found on a page (see package seal).
type Seal = seal.Seal

// FindSeals finds the seals on a page scanned at pxPerMM.
func FindSeals(img image.Image, pxPerMM float64) []Seal { return seal.Find(img, pxPerMM) }

// FindSealsOnImage finds the seals on an image of unknown scale.
func FindSealsOnImage(img image.Image) []Seal { return seal.OnImage(img) }
