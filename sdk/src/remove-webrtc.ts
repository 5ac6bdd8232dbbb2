/**
 * Chromium ignores CSP's `webrtc 'block'`, and a peer connection reaches any STUN/TURN server, so
 * the SDK takes WebRTC away: every WebRTC interface of the frame's realm becomes undefined and
 * cannot be put back. Frames inside the mini-app are refused by CSP (`frame-src 'none'`), which
 * leaves no second realm to take it from (the browser test checks both).
 */
const WEBRTC_GLOBALS = [
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  'RTCDataChannel',
  'RTCSessionDescription',
  'RTCIceCandidate',
  'RTCRtpSender',
  'RTCRtpReceiver',
  'RTCRtpTransceiver',
  'RTCDtlsTransport',
  'RTCIceTransport',
  'RTCSctpTransport',
  'RTCCertificate',
  'RTCDTMFSender',
  'RTCEncodedAudioFrame',
  'RTCEncodedVideoFrame',
  'RTCRtpScriptTransform',
];

export function removeWebRtc(realm: Window): void {
  for (const name of WEBRTC_GLOBALS) {
    try {
      Object.defineProperty(realm, name, { value: undefined, writable: false, configurable: false, enumerable: false });
    } catch {
      // Already locked down.
    }
  }
}
