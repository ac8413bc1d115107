import * as v from 'valibot';

/** "Split into layers": a text-free image with real text layers over it (see shared/layers); placed by placeImages. */

const px = v.pipe(v.number(), v.minValue(1), v.maxValue(100_000));
const coordinate = v.pipe(v.number(), v.minValue(-100_000), v.maxValue(100_000));

export const TextBoxSchema = v.object({
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(5000)),
  x: coordinate,
  y: coordinate,
  width: px,
  height: px,
  fontSize: v.optional(v.pipe(v.number(), v.minValue(0.5), v.maxValue(10_000))),
  fontFamily: v.optional(v.pipe(v.string(), v.maxLength(200))),
  color: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/))),
  align: v.optional(v.picklist(['LEFT', 'CENTER', 'RIGHT', 'JUSTIFIED'])),
  role: v.optional(v.pipe(v.string(), v.maxLength(100))),
});
