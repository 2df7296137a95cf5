/**
 * A short two-note chime as a WAV blob. Played through an <audio> element so that setSinkId() routes it to
 * the chosen speaker (Web Audio output cannot be routed everywhere).
 */
export function createTestToneWav(sampleRate = 24_000): Blob {
  const notes = [
    { frequency: 660, seconds: 0.35 },
    { frequency: 880, seconds: 0.55 },
  ];
  const total = Math.round(notes.reduce((sum, n) => sum + n.seconds, 0) * sampleRate);
  const buffer = new ArrayBuffer(44 + total * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + total * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, total * 2, true);
  let offset = 44;
  for (const note of notes) {
    const samples = Math.round(note.seconds * sampleRate);
    for (let i = 0; i < samples; i++) {
      // Soft attack and exponential decay so the chime does not click.
      const envelope = Math.min(1, i / (0.01 * sampleRate)) * Math.exp((-3 * i) / samples);
      const value = Math.sin((2 * Math.PI * note.frequency * i) / sampleRate) * envelope * 0.4;
      view.setInt16(offset, Math.round(value * 32767), true);
      offset += 2;
    }
  }
  return new Blob([buffer], { type: 'audio/wav' });
}
