import { createReadStream } from 'node:fs';

/** Seconds of one AMR frame (RFC 4867 §5: every frame, speech, SID or NO_DATA, stands for 20 ms). */
export const AMR_FRAME_SECONDS = 0.02;

const NB_MAGIC = Buffer.from('#!AMR\n');
const WB_MAGIC = Buffer.from('#!AMR-WB\n');
/**
 * Bytes of a frame, its header byte included, by frame type (the header's
 * bits 3–6): speech modes, SID, then reserved and NO_DATA (the header alone).
 * As ffmpeg's AMR demuxer sizes them.
 */
const NB_FRAME_BYTES = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
const WB_FRAME_BYTES = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1];

/**
 * Seconds of a single-channel AMR file in storage format (RFC 4867 §5), from
 * its frame count: every frame is 20 ms, so the comfort-noise and NO_DATA
 * frames of the pauses (DTX) count too. Undefined for any other file. A
 * frame cut short at the end of the file still counts (the decoder reads it).
 */
export async function amrStorageSeconds(path: string): Promise<number | undefined> {
  let sizes: number[] | undefined;
  let frames = 0;
  /** Bytes still to skip of the frame that crosses into the next chunk. */
  let skip = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    let at = 0;
    if (!sizes) {
      if (chunk.subarray(0, WB_MAGIC.length).equals(WB_MAGIC)) [sizes, at] = [WB_FRAME_BYTES, WB_MAGIC.length];
      else if (chunk.subarray(0, NB_MAGIC.length).equals(NB_MAGIC)) [sizes, at] = [NB_FRAME_BYTES, NB_MAGIC.length];
      else return undefined;
    }
    at += skip;
    while (at < chunk.length) {
      frames += 1;
      at += sizes[(chunk[at] >> 3) & 0x0f];
    }
    skip = at - chunk.length;
  }
  return sizes ? frames * AMR_FRAME_SECONDS : undefined;
}

/**
 * True for the codecs whose decoders drop the frames of a pause sent as
 * comfort noise or no data (AMR's DTX): the call lasts as long as its
 * container counts, not as long as what decodes.
 * @param codec ffprobe's codec name (`amr_nb`, `amr_wb`)
 */
export const countsPausesAsFrames = (codec: string | null | undefined): boolean => /^amr/i.test(codec ?? '');
