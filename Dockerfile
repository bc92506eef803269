# syntax=docker/dockerfile:1
# The Oliver-compatible call-processing service. One image for every node:
# ROLE=all (API and worker, the default), ROLE=api or ROLE=worker.
#
# NODE_IMAGE: the official Debian (bookworm) slim image of a supported Node.js
# LTS, or any image laid out like it (node and npm under /usr/local).
ARG NODE_IMAGE=docker.io/library/node:24-bookworm-slim

# ---- ffmpeg: audio only ----
# Debian's ffmpeg brings 460 MB of video, GPU and display libraries; the
# service only decodes audio to PCM (src/analysis/pcm-decoder.ts) and probes it
# (src/validate/ffprobe.ts). So Debian's source of the same ffmpeg (5.1, with
# Debian's patches and security fixes) is built here with FFmpeg's own
# decoders of the audio formats calls are recorded in, the demuxers of their
# containers and raw forms, and nothing else.
FROM ${NODE_IMAGE} AS ffmpeg
RUN sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dpkg-dev gcc make nasm pkg-config zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
RUN apt-get update && apt-get source --only-source ffmpeg >/dev/null && rm -rf /var/lib/apt/lists/* \
 && cd ffmpeg-*/ \
 && ./configure --prefix=/opt/ffmpeg --disable-debug --disable-doc --disable-autodetect --disable-network \
      --disable-everything --disable-avdevice --disable-swscale --disable-postproc --disable-ffplay \
      --enable-zlib --enable-protocol=file,pipe \
      --enable-decoder='aac*,ac3*,eac3,adpcm_*,alac,als,amrnb,amrwb,ape,aptx*,atrac1,atrac3*,comfortnoise,dca,dss_sp,dst,dsd_*,evrc,flac,g723_1,g729,gsm,gsm_ms,ilbc,mlp,truehd,mp1*,mp2*,mp3*,mpc7,mpc8,nellymoser,opus,pcm_*,qcelp,qdm2,sbc,shorten,speex,tak,truespeech,tta,vorbis,wavpack,wmalossless,wmapro,wmav1,wmav2,wmavoice' \
      --enable-demuxer='wav,w64,aiff,au,caf,sox,voc,ircam,nistsphere,mov,matroska,ogg,asf,xwma,flv,mp3,aac,loas,ac3,eac3,dts,dtshd,truehd,mlp,flac,ape,wv,tta,tak,shorten,mpc,mpc8,dsf,oma,aptx,aptx_hd,sbc,amr,amrnb,amrwb,gsm,g722,g723_1,g726,g726le,g729,bit,ilbc,act,dss,qcp,sln,pvf,pcm_*' \
      --enable-parser='aac,aac_latm,ac3,amr,dca,flac,g723_1,g729,gsm,mlp,mpegaudio,opus,sbc,tak,vorbis' \
      --enable-filter=abuffer,abuffersink,aformat,anull,aresample,atrim \
      --enable-encoder=pcm_s16le --enable-muxer=pcm_s16le,wav \
 && make -j"$(nproc)" \
 && make install \
 && /opt/ffmpeg/bin/ffmpeg -hide_banner -version | head -n 1

# ---- build: compile the TypeScript (no native addon is needed for that) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src src
RUN npx nest build --path tsconfig.build.json

# ---- deps: the runtime packages only, native addons compiled here ----
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Install scripts run only where package.json's allowScripts allows them, as
# the npm the project is built with (11.19.1) honours that list; an image with
# another npm gets that one first.
ARG NPM_VERSION=11.19.1
# node-gyp takes Node's headers from the image instead of downloading them.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
# Then trims of what Node never loads: onnxruntime-node's libraries for other
# platforms, better-sqlite3's C sources and object files, typeorm's browser
# build, source maps, type declarations and documents (licences stay).
RUN { [ "$(npm --version)" = "$NPM_VERSION" ] || npm install -g --no-audit --no-fund "npm@$NPM_VERSION"; } \
 && npm ci --omit=dev --no-audit --no-fund \
 && arch=$(node -p process.arch) \
 && find node_modules/onnxruntime-node/bin -mindepth 3 -maxdepth 3 -type d ! -path "*/linux/$arch" -exec rm -rf {} + \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj* \
      node_modules/better-sqlite3/build/Release/.deps node_modules/better-sqlite3/build/Release/test_extension.node \
      node_modules/typeorm/browser \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o \( -name '*.md' ! -iname 'licen[cs]e*' \) \) -delete \
 && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ARG NODE_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="oliver-compatible-call-processing" \
      org.opencontainers.image.description="Self-hostable call-recording processing service that speaks the Oliver API" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
# tini is PID 1: it hands SIGTERM to node (which then finishes its work, see
# "Shutdown" in the README) and reaps any orphaned ffmpeg. /data/audio exists
# and belongs to the service's user, so a fresh named volume mounted there
# takes that owner.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && groupadd --system --gid 10001 oliver \
 && useradd --system --uid 10001 --gid oliver --home-dir /app --no-create-home --shell /usr/sbin/nologin oliver \
 && mkdir -p /data/audio \
 && chown -R oliver:oliver /data
COPY --from=ffmpeg /opt/ffmpeg/bin/ffmpeg /opt/ffmpeg/bin/ffprobe /usr/local/bin/
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist/src dist/src
ENV NODE_ENV=production \
    ROLE=all \
    PORT=3000 \
    SQLITE_PATH=/data/oliver.sqlite \
    STORAGE_DIR=/data/audio \
    WORKER_METRICS_PORT=9100
USER 10001:10001
EXPOSE 3000 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/src/status/healthcheck.js"]
STOPSIGNAL SIGTERM
# Once its work is done, Nest raises SIGTERM again to end the process (status
# 143); tini reports that as 0, the clean exit. A forced exit stays 1.
ENTRYPOINT ["/usr/bin/tini", "-e", "143", "--"]
CMD ["node", "dist/src/main.js"]
