// Generated from openapi/openapi.json by "npm run openapi"; do not edit.

export interface paths {
    "/client/{cid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The client's own record (clients use it to check their credentials) */
        get: operations["getClient"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the client's processes, newest first */
        get: operations["listProcesses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One process and its state (clients poll this) */
        get: operations["getProcess"];
        put?: never;
        post?: never;
        /**
         * Erase a process: its audio, its result and its personal metadata
         * @description Removes the stored audio and the result, and blanks agentId, agentTeam, customerId, customerInd, name, ANI, meta, tag and source. A job waiting in the queue is withdrawn and an analysis in progress stops without writing anything. The pid stays taken: afterwards every route of the process answers 410 (not 404, so a client can tell an erased process from one that never existed), and the process leaves the list. Repeating the DELETE is no error (204 again). A repeated submission with the Idempotency-Key of an erased process answers 410 too, while the key is kept (24 hours).
         */
        delete: operations["deleteProcess"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending or processing call
         * @description The process ends at status -2 with statusmsg "Cancelled"; an analysis in progress stops within about a second and writes nothing. Cancelling a cancelled process again answers it as it is; a completed or otherwise aborted process answers 409.
         */
        post: operations["cancelProcess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook deliveries of a process's events, each attempt with its time, status code, latency and error */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/deliveries/{did}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again, with its webhook-id and body, retried for another 24 hours */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A process's history: when it was received, queued, started, decoded, analysed, completed or failed, and each webhook delivery attempt */
        get: operations["getProcessHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/reprocess": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Analyse a settled call again
         * @description Queues a completed or aborted process whose audio is still kept for another analysis with the service's current analysis: status goes back to 0. Its earlier result stays readable until the new one replaces it in one step; every result says which analysis version made it (`analysisVersion`). 409 when the process is not settled yet or its audio is no longer kept (URL submissions and calls past their audio retention).
         */
        post: operations["reprocessProcess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Call-level results of a completed process
         * @description 503 with Retry-After while the process is pending, processing or failed for now; 409 once it is aborted; 410 once it is deleted or the retention removed the result. While a process is analysed again (reprocess) its earlier result stays readable until the new one replaces it.
         */
        get: operations["getProcessResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/{pid}/timeline.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A picture of a completed call: who spoke when
         * @description An SVG of the call over time, headed with the agent, the call time and the direction: a lane per speaker with its utterances and non-speech sound, the time both talk, interruptions, holds, long silences, beeps and ringback, and a time axis; every mark has a title shown on hover and a legend entry. The result links a signed copy a browser opens without a token (`links.timeline`, see getSignedTimeline). 503 with Retry-After until the process completes; 409 once it is aborted.
         */
        get: operations["getProcessTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit an uploaded call recording
         * @description Streams the multipart field `file` to disk, checks that it is audio whose channel count matches `channels`, records the process and queues it. Metadata travels in the query string.
         */
        post: operations["submitAudio"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/process/url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit a call recording by URL
         * @description Records and queues the process; the worker downloads the audio from `url` (http or https only).
         */
        post: operations["submitUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The client's webhook endpoints (never their secrets) */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Register a webhook endpoint; the answer carries its signing secret, shown only this once
         * @description Deliveries are POSTs of `{type, timestamp, data}` (`data` is the process as getProcess returns it), signed per Standard Webhooks: `webhook-id` (the same on every retry of one event), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with the secret’s base64 part, one per secret in use, space-separated). A 2xx within 10 s ends a delivery; 410 disables the endpoint; anything else is retried with exponential backoff for 24 hours.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/webhooks/{wid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a webhook endpoint; its pending deliveries end unsent */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/webhooks/{wid}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send to an endpoint disabled by a 410 again */
        post: operations["enableWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/client/{cid}/webhooks/{wid}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give the endpoint a new signing secret, shown only this once; the old one keeps signing beside it until previousSecretValidUntil */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (no dependency is checked) */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database takes writes, and Redis, free disk in the storage folder and ffmpeg are all usable */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shared/client/{cid}/process/{pid}/timeline.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The timeline of a completed call through a signed link (no token)
         * @description The picture of getProcessTimeline, for a browser: the result gives this link as `links.timeline`, with its expiry and signature (valid LINK_TTL_SECONDS, one hour by default). 403 when the link was altered or has expired.
         */
        get: operations["getSignedTimeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service health; needs no token */
        get: operations["getStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AnalyticsDto: {
            /** @description Single tones of 0.1–1.5 s */
            beeps: components["schemas"]["BeepDto"][];
            /** @description Stereo calls: the agent's channel carries non-speech sound (hold music) for at least 5 s while the customer does not talk. Absent from mono calls and from results analysed before the speech model */
            holds?: components["schemas"]["HoldsDto"];
            /** @description A speaker starts while the other is mid-utterance and both talk at least 0.3 s */
            interruptions: components["schemas"]["InterruptionDto"][];
            /** @description Ringback and ringing tones */
            rings: components["schemas"]["RingDto"][];
            roles: components["schemas"]["RolesAnalyticsDto"];
            silences: components["schemas"]["SilencesDto"];
        };
        ApiErrorDto: {
            /**
             * @description The HTTP status, repeated
             * @example 400
             */
            code: number;
            /** @description One entry per invalid field, on validation errors */
            details?: components["schemas"]["FieldErrorDto"][];
            /**
             * @description What went wrong, for a person
             * @example Invalid request: channels must be 1 or 2
             */
            message: string;
        };
        BasicResultDto: {
            /**
             * @description Present (true) when a 2-channel file carries one signal on both channels (mono copied to both: correlation ≥ 0.98, levels within 6 dB over the call); the call is then analysed as one speaker, `speaker1`, as a mono call is
             * @example true
             * @enum {boolean}
             */
            dualMono?: true;
            /**
             * @description Channel index of each role
             * @example {
             *       "agent": 0,
             *       "customer": 1
             *     }
             */
            id: components["schemas"]["RoleNumbersDto"];
            /**
             * @description Beeps heard (count); see analytics.beeps
             * @example 1
             */
            numbeepfound: number;
            /**
             * @description Ringback and ringing tones heard (count); see analytics.rings
             * @example 2
             */
            numringfound: number;
            /**
             * @description Turns between roles (count)
             * @example 7
             */
            speakerchanges: number;
            /**
             * @description Seconds of audio
             * @example 34.392
             */
            totalduration: number;
            /**
             * @description Utterances per role (count)
             * @example {
             *       "agent": 4,
             *       "customer": 4
             *     }
             */
            utterances: components["schemas"]["RoleNumbersDto"];
            /** @description Talk time per role (summed utterances), overlap and silence, in seconds */
            vad: components["schemas"]["VadDto"];
        };
        BeepDto: {
            /**
             * @description Length, seconds
             * @example 0.42
             */
            duration: number;
            /**
             * @description Frequency of the tone, Hz
             * @example 1000
             */
            frequency: number;
            /**
             * @description Start, seconds from the start of the call
             * @example 7.2
             */
            t: number;
        };
        ClientDto: {
            /** @description Days the audio of a settled call is kept (0: kept); left out when the service default applies */
            audioRetentionDays?: number;
            /**
             * Format: int64
             * @example 7
             */
            cid: number;
            /**
             * Format: date-time
             * @example 2026-05-14T09:00:00.000Z
             */
            created: string;
            /**
             * Format: date-time
             * @description When the client was disabled
             */
            disabled?: string;
            /** @example Acme */
            name: string;
            /** @description Days the result of a completed call is kept (0: kept); left out when results are kept until the process is deleted */
            resultRetentionDays?: number;
        };
        CoreResultDto: {
            /** @description Every utterance per role */
            diarization: components["schemas"]["DiarizationDto"];
        };
        CreateWebhookDto: {
            /**
             * @description The events wanted: process.completed (status 2), process.failed (status -2), process.deleted
             * @example [
             *       "process.completed",
             *       "process.failed"
             *     ]
             */
            events: ("process.completed" | "process.failed" | "process.deleted")[];
            /**
             * @description Where to POST events: http or https, on a public address (the URL guard of URL submissions applies)
             * @example https://crm.example.com/hooks/oliver
             */
            url: string;
        };
        DeliveryAttemptDto: {
            /**
             * Format: date-time
             * @example 2026-05-14T09:31:04.010Z
             */
            at: string;
            /**
             * @description Why no answer came, or why the attempt was not made
             * @example ECONNREFUSED
             */
            error?: string;
            /**
             * @description Milliseconds from sending to the answer or the failure
             * @example 84
             */
            latencyMs: number;
            /**
             * @description The receiver’s HTTP status; absent when none came
             * @example 503
             */
            statusCode?: number;
        };
        DiarizationDto: {
            /** @description Stereo calls only */
            agent?: components["schemas"]["IntervalDto"][];
            /** @description Stereo calls only */
            customer?: components["schemas"]["IntervalDto"][];
            /** @description Mono calls only */
            speaker1?: components["schemas"]["IntervalDto"][];
        };
        FieldErrorDto: {
            /** @example channels */
            field: string;
            /** @example channels must be 1 or 2 */
            message: string;
        };
        HistoryStepDto: {
            /**
             * Format: date-time
             * @description When it happened
             * @example 2026-05-14T09:31:02.480Z
             */
            at: string;
            /**
             * @description What the step adds: `reason` (retrying, failed), `duration` in seconds (completed), `deliveryId`, `statusCode`, `latencyMs`, `error` (webhook.attempted)
             * @example {
             *       "duration": 93.5
             *     }
             */
            detail?: {
                [key: string]: unknown;
            };
            /**
             * @example process.started
             * @enum {string}
             */
            event: "process.received" | "process.queued" | "process.started" | "process.decoded" | "process.analysed" | "process.completed" | "process.retrying" | "process.handed-back" | "process.failed" | "process.cancelled" | "process.reprocessed" | "process.deleted" | "process.audio-removed" | "process.result-removed" | "webhook.attempted";
            /**
             * @description Seconds since the process was received
             * @example 0.36
             */
            seconds: number;
        };
        HoldsDto: {
            /** @example 1 */
            count: number;
            /** @description Seconds from the start */
            list: components["schemas"]["IntervalDto"][];
            /**
             * @description A hold lasts at least this many seconds
             * @example 5
             */
            minimumSeconds: number;
            /**
             * @description Seconds on hold
             * @example 9.02
             */
            total: number;
        };
        InterruptionDto: {
            /**
             * @description The role that interrupted
             * @example customer
             * @enum {string}
             */
            by: "agent" | "customer";
            /**
             * @description The role interrupted
             * @example agent
             * @enum {string}
             */
            of: "agent" | "customer";
            /**
             * @description Seconds both talked after the interruption
             * @example 1.22
             */
            overlap: number;
            /**
             * @description When the interrupting utterance starts, seconds from the start of the call
             * @example 23.46
             */
            t: number;
        };
        IntervalDto: {
            /**
             * @description End, seconds from the start of the call
             * @example 12.09
             */
            et: number;
            /**
             * @description Start, seconds from the start of the call
             * @example 8.01
             */
            st: number;
        };
        KeypadToneDto: {
            /**
             * @description The key pressed; only when the service keeps keys (DTMF_DIGITS=true), since callers key card numbers and PINs
             * @enum {string}
             */
            digit?: "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "*" | "#" | "A" | "B" | "C" | "D";
            /**
             * @description Length of the tone, seconds
             * @example 0.085
             */
            duration: number;
            /**
             * @description Start of the tone, seconds
             * @example 41.32
             */
            t: number;
        };
        KeypadTonesDto: {
            /**
             * @description Keypad tones (DTMF, ITU-T Q.23) heard on this role's channel
             * @example 16
             */
            count: number;
            tones: components["schemas"]["KeypadToneDto"][];
        };
        LoudnessDto: {
            /**
             * @description Mean level of speech frames, dBFS
             * @example -24.3
             */
            meanDbfs: number;
            /**
             * @description 95th percentile level of speech frames, dBFS
             * @example -17.9
             */
            p95Dbfs: number;
        };
        NonSpeechDto: {
            /** @description Stretches of steady non-speech sound (louder than -45 dBFS: comfort noise is silence), seconds from the start */
            list: components["schemas"]["IntervalDto"][];
            /**
             * @description Only stretches of at least this many seconds are listed
             * @example 2
             */
            minimumSeconds: number;
            /**
             * @description Seconds of sound above the noise floor that the speech model does not call speech: music, ringback, noise, typing
             * @example 9.02
             */
            seconds: number;
        };
        PitchDto: {
            /**
             * @description Median fundamental frequency of voiced frames, Hz
             * @example 92.6
             */
            medianHz: number;
            /**
             * @description 10th percentile of the fundamental frequency, Hz
             * @example 80.2
             */
            p10Hz: number;
            /**
             * @description 90th percentile of the fundamental frequency, Hz
             * @example 104.9
             */
            p90Hz: number;
            /**
             * @description Spread of the voiced pitch in semitones (10th–90th percentile range / 2.56)
             * @example 1.82
             */
            variabilitySemitones: number;
        };
        ProcessDto: {
            /**
             * @description Which channel is the agent
             * @example 0
             * @enum {number}
             */
            agentChannel?: 0 | 1;
            /** @example agent-042 */
            agentId?: string;
            /** @example retention */
            agentTeam?: string;
            /** @example +302101234567 */
            ANI?: string;
            /**
             * @example 1
             * @enum {number}
             */
            calldirection: 1 | 2;
            /**
             * @description ISO 8601
             * @example 2026-05-14T09:30:00+02:00
             */
            calltime?: string;
            /** @example support */
            calltype?: string;
            /** @example spring-renewals */
            campaignId?: string;
            /**
             * @example 2
             * @enum {number}
             */
            channels: 1 | 2;
            /**
             * Format: int64
             * @example 7
             */
            cid: number;
            /** @example cust-9001 */
            customerId?: string;
            /** @example gold */
            customerInd?: string;
            /**
             * Format: date-time
             * @description When the process was inserted
             * @example 2026-05-14T09:31:02.120Z
             */
            datetime: string;
            /**
             * @description Seconds of audio; 0 until measured
             * @example 0
             */
            duration: number;
            /**
             * Format: int64
             * @description The same value as pid
             * @example 1042
             */
            id: number;
            /** @example {"crm":"A-17"} */
            meta?: string;
            /**
             * @description 1 url, 2 uploaded file
             * @example 2
             * @enum {number}
             */
            mode: 1 | 2;
            /** @example call-2026-05-14-0930 */
            name?: string;
            /**
             * Format: int64
             * @description The process id
             * @example 1042
             */
            pid: number;
            /** @example full */
            predictionmode?: string;
            /**
             * @description Percent done, while status is 1
             * @example 40
             */
            progress?: number;
            /**
             * @description Original file name or the URL
             * @example call-9001.wav
             */
            source: string;
            /**
             * @description 0 pending, 1 processing, 2 completed, -1 failed for now (retried), -2 aborted
             * @example 0
             * @enum {number}
             */
            status: 0 | 1 | 2 | -1 | -2;
            /**
             * @description Pending, Processing, Processing Complete, or why it failed
             * @example Pending
             */
            statusmsg: string;
            /**
             * @example [
             *       "vip",
             *       "renewal"
             *     ]
             */
            tag?: string[];
            /** @example [{"name":"diarization"}] */
            tasks?: string;
            /**
             * @description UTC offset of the call in hours, as sent: a whole number is echoed as the same whole number, an offset with minutes in quarter hours (+05:30 as 5.5, +05:45 as 5.75, -03:30 as -3.5)
             * @example 5.5
             */
            timezone?: number;
        };
        ProcessHistoryDto: {
            /**
             * Format: int64
             * @example 1042
             */
            pid: number;
            steps: components["schemas"]["HistoryStepDto"][];
        };
        QualityDto: {
            /**
             * @description Share of samples at full scale (0-1)
             * @example 0
             */
            clippingRatio: number;
            /**
             * @description Speech power over the power between words, dB
             * @example 41.5
             */
            snrDb?: number;
        };
        ResultDto: {
            /**
             * @description Version of the analysis that made this result (ours): 1 for results stored before versions were kept; 2 adds keypad tones (DTMF); 3 decides speech with a neural voice-activity model (Silero VAD) and adds non-speech sound and holds; 4 counts background speech far under the talker (office babble) as non-speech sound, not talk, and analyses dual mono as one speaker; 5 finds background speech down to 10 dB under the talker; 6 starts the speech model afresh after each break in the sound
             * @example 6
             */
            analysisVersion: number;
            /** @description Our own measurements, beside the Oliver blocks */
            analytics: components["schemas"]["AnalyticsDto"];
            basic: components["schemas"]["BasicResultDto"];
            core: components["schemas"]["CoreResultDto"];
            /** @description Where to find what is drawn from these results (ours) */
            links: components["schemas"]["ResultLinksDto"];
        };
        ResultLinksDto: {
            /**
             * @description A picture of the call (SVG): who spoke when, overlaps, interruptions, non-speech sound, holds, silences, beeps and rings. A signed link a browser opens without a token, valid for LINK_TTL_SECONDS (one hour by default); read the result again for a fresh one. Relative to the API's base URL
             * @example /shared/client/1/process/42/timeline.svg?expires=1778751000&signature=mB3v0c1X8q1VYpnt2fRk6hVbqk0Ew7bJ3xv5iYc9Q2s
             */
            timeline: string;
        };
        RingDto: {
            /**
             * @description Length, seconds (a UK double ring counts once)
             * @example 1.98
             */
            duration: number;
            /**
             * @description Start, seconds from the start of the call
             * @example 0.54
             */
            t: number;
            /**
             * @description us: 440+480 Hz, uk: 400+450 Hz, eu: 425 Hz
             * @enum {string}
             */
            type: "us" | "uk" | "eu";
        };
        RoleAnalyticsDto: {
            /**
             * @description Index of the role's channel in the file (0 or 1)
             * @example 0
             */
            channel: number;
            /** @description Keypad tones (DTMF): neither talk nor beeps. Left out of results of analysis version 1 */
            dtmf?: components["schemas"]["KeypadTonesDto"];
            /**
             * @description How often this role interrupted the other (count)
             * @example 0
             */
            interruptions: number;
            /**
             * @description Longest stretch of this role talking with no turn of the other, seconds
             * @example 4.09
             */
            longestMonologue: number;
            loudness?: components["schemas"]["LoudnessDto"];
            /** @description Sound that is not speech; absent from results of calls analysed before the speech model */
            nonSpeech?: components["schemas"]["NonSpeechDto"];
            /** @description Left out when too few voiced frames were heard */
            pitch?: components["schemas"]["PitchDto"];
            quality: components["schemas"]["QualityDto"];
            /**
             * @description Share of all talk time (0-1)
             * @example 0.59
             */
            talkShare: number;
            /**
             * @description Seconds this role talks (its utterances summed)
             * @example 12.14
             */
            talkTime: number;
        };
        RoleNumbersDto: {
            /**
             * @description Stereo calls only
             * @example 12.14
             */
            agent?: number;
            /**
             * @description Stereo calls only
             * @example 8.42
             */
            customer?: number;
            /** @description Mono calls only */
            speaker1?: number;
        };
        RolesAnalyticsDto: {
            agent?: components["schemas"]["RoleAnalyticsDto"];
            customer?: components["schemas"]["RoleAnalyticsDto"];
            speaker1?: components["schemas"]["RoleAnalyticsDto"];
        };
        SilencesDto: {
            /**
             * @description Silences listed (count)
             * @example 2
             */
            count: number;
            /**
             * @description Seconds before the first word
             * @example 8.01
             */
            leadIn: number;
            /** @description Each silence longer than minimumSeconds */
            list: components["schemas"]["IntervalDto"][];
            /**
             * @description Seconds of the longest silence
             * @example 8.01
             */
            longest: number;
            /**
             * @description Only silences longer than this many seconds are listed
             * @example 2
             */
            minimumSeconds: number;
            /**
             * @description Seconds of the silences listed
             * @example 10.36
             */
            total: number;
        };
        StatusChecksDto: {
            /**
             * @example up
             * @enum {string}
             */
            database: "up" | "down";
            /**
             * @example up
             * @enum {string}
             */
            queue: "up" | "down";
        };
        StatusDto: {
            checks: components["schemas"]["StatusChecksDto"];
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "degraded";
            /** @example 0.1.0 */
            version: string;
        };
        VadDto: {
            /**
             * @description Stereo calls only
             * @example 12.14
             */
            agent?: number;
            /**
             * @description Stereo calls only
             * @example 8.42
             */
            customer?: number;
            /**
             * @description Seconds both roles talk (stereo only)
             * @example 1.22
             */
            overlap?: number;
            /**
             * @description Seconds nobody talks
             * @example 15.05
             */
            silence: number;
            /** @description Mono calls only */
            speaker1?: number;
        };
        WebhookDeliveryDto: {
            attempts: components["schemas"]["DeliveryAttemptDto"][];
            /**
             * Format: date-time
             * @description When the event happened
             */
            createdAt: string;
            /**
             * Format: int64
             * @example 3
             */
            endpointId: number;
            /**
             * @example process.completed
             * @enum {string}
             */
            event: "process.completed" | "process.failed" | "process.deleted";
            /**
             * Format: int64
             * @example 88
             */
            id: number;
            /**
             * Format: date-time
             * @description Attempts stop after this
             */
            retryUntil: string;
            /**
             * @description pending while attempts go on; failed once its retry window ended, the endpoint answered 410 or was disabled or removed
             * @example delivered
             * @enum {string}
             */
            state: "pending" | "delivered" | "failed";
            /**
             * @description The webhook-id header: the same on every attempt of this delivery
             * @example msg_2b0d3c6f1e6b4c55a0e8f5b1a3c9d7e2
             */
            webhookId: string;
        };
        WebhookEndpointDto: {
            /**
             * Format: date-time
             * @example 2026-05-14T09:31:02.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description Set when the receiver answered 410 Gone; nothing is sent until the endpoint is enabled again
             */
            disabledAt?: string;
            /** @example The receiver answered 410 Gone */
            disabledReason?: string;
            /**
             * @example [
             *       "process.completed"
             *     ]
             */
            events: ("process.completed" | "process.failed" | "process.deleted")[];
            /**
             * Format: int64
             * @example 3
             */
            id: number;
            /**
             * Format: date-time
             * @description After a rotation: until when the previous secret still signs beside the new one (WEBHOOK_SECRET_OVERLAP_SECONDS)
             */
            previousSecretValidUntil?: string;
            /**
             * @description The signing secret (Standard Webhooks `whsec_` form): only in the answer that made it (registration, rotation); keep it, it is never shown again
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret?: string;
            /** @example https://crm.example.com/hooks/oliver */
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    listProcesses: {
        parameters: {
            query?: {
                /** @description Only this agent. Example: agent-042 */
                agentId?: string;
                /** @description Only this campaign. Example: spring-renewals */
                campaignId?: string;
                /** @description Only this customer. Example: cust-9001 */
                customerId?: string;
                /** @description Inserted at or after this time (ISO 8601; UTC when no offset is given). Example: 2026-05-14T00:00:00Z */
                from?: string;
                /** @description Page number, from 0. Example: 0 */
                page?: number;
                /** @description Processes per page (default 100). Example: 100 */
                pageSize?: number;
                /** @description Only processes in this status. Example: 2 */
                status?: 0 | 1 | 2 | -1 | -2;
                /** @description Inserted at or before this time (ISO 8601; UTC when no offset is given). Example: 2026-05-14T00:00:00Z */
                to?: string;
            };
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    /** @description How many processes match the filters */
                    "X-Total-Count"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDto"][];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    getProcess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    deleteProcess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased (or erased before) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    cancelProcess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"][];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The webhook delivery. Example: 88 */
                did: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    getProcessHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessHistoryDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    reprocessProcess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process, status 0 (Pending) again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    getProcessResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResultDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    getProcessTimeline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The timeline, an SVG picture */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": Blob;
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    submitAudio: {
        parameters: {
            query: {
                /** @description Which channel of a stereo file is the agent; default from server configuration. Example: 0 */
                agentChannel?: number;
                /** @description The agent. Example: agent-042 */
                agentId?: string;
                /** @description The agent's team. Example: retention */
                agentTeam?: string;
                /** @description Caller number (ANI). Example: +302101234567 */
                ANI?: string;
                /** @description 1 = incoming (to the agent), 2 = outgoing; also `incoming` / `outgoing`, any case. Example: 1 */
                calldirection: (1 | 2) | ("1" | "2" | "incoming" | "outgoing");
                /** @description When the call took place: ISO 8601 or MM/DD/YYYY HH:MM:SS, returned as ISO 8601. Example: 05/14/2026 09:30:00 */
                calltime?: string;
                /** @description Call type. Example: support */
                calltype?: string;
                /** @description The campaign. Example: spring-renewals */
                campaignId?: string;
                /** @description How many channels the audio holds. Example: 2 */
                channels: 1 | 2;
                /** @description The customer. Example: cust-9001 */
                customerId?: string;
                /** @description Customer indicator. Example: gold */
                customerInd?: string;
                /** @description Opaque client text, often JSON. Example: {"crm":"A-17"} */
                meta?: string;
                /** @description A name for this call. Example: call-2026-05-14-0930 */
                name?: string;
                /** @description Prediction mode, stored and echoed. Example: full */
                predictionmode?: string;
                /** @description Tags (comma-separated; `tag=a&tag=b` and `tag[]=a&tag[]=b` also read). Example: vip,renewal */
                tag?: string;
                /** @description JSON array of {name, options}, stored and echoed. Example: [{"name":"diarization"}] */
                tasks?: string;
                /** @description UTC offset of the call, in hours from -12 to 14: Oliver's whole number, or a quarter-hour decimal or +HH:MM for offsets with minutes (India 5.5 or +05:30, Newfoundland -3.5 or -03:30, Nepal 5.75 or +05:45). Echoed in hours: a whole number as the same whole number, +05:30 as 5.5. Example: 5.5 */
                timezone?: number | string;
            };
            header?: {
                /** @description Any 1–255 visible ASCII characters, such as the call id of your own system; leave it empty to send none. Within 24 h, the same key from the same client returns the original process (200) and queues nothing; the same key with another file or other parameters is 409. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The client. Example: 7 */
                cid: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The recording: WAV, MP3, FLAC, Ogg/Opus, M4A…
                     */
                    file: Blob;
                };
            };
        };
        responses: {
            /** @description The new process, status 0 (Pending); or the original one for a repeated Idempotency-Key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The upload is larger than the configured limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 413,
                     *       "message": "The upload is larger than the limit of 2147483648 bytes"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The file is not audio (judged by its bytes) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 415,
                     *       "message": "The uploaded file is not audio (its content looks like application/pdf)"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No room left to store the upload */
            507: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 507,
                     *       "message": "The server has no room to store this upload. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    submitUrl: {
        parameters: {
            query: {
                /** @description Which channel of a stereo file is the agent; default from server configuration. Example: 0 */
                agentChannel?: number;
                /** @description The agent. Example: agent-042 */
                agentId?: string;
                /** @description The agent's team. Example: retention */
                agentTeam?: string;
                /** @description Caller number (ANI). Example: +302101234567 */
                ANI?: string;
                /** @description 1 = incoming (to the agent), 2 = outgoing; also `incoming` / `outgoing`, any case. Example: 1 */
                calldirection: (1 | 2) | ("1" | "2" | "incoming" | "outgoing");
                /** @description When the call took place: ISO 8601 or MM/DD/YYYY HH:MM:SS, returned as ISO 8601. Example: 05/14/2026 09:30:00 */
                calltime?: string;
                /** @description Call type. Example: support */
                calltype?: string;
                /** @description The campaign. Example: spring-renewals */
                campaignId?: string;
                /** @description How many channels the audio holds. Example: 2 */
                channels: 1 | 2;
                /** @description The customer. Example: cust-9001 */
                customerId?: string;
                /** @description Customer indicator. Example: gold */
                customerInd?: string;
                /** @description Opaque client text, often JSON. Example: {"crm":"A-17"} */
                meta?: string;
                /** @description A name for this call. Example: call-2026-05-14-0930 */
                name?: string;
                /** @description Prediction mode, stored and echoed. Example: full */
                predictionmode?: string;
                /** @description Tags (comma-separated; `tag=a&tag=b` and `tag[]=a&tag[]=b` also read). Example: vip,renewal */
                tag?: string;
                /** @description JSON array of {name, options}, stored and echoed. Example: [{"name":"diarization"}] */
                tasks?: string;
                /** @description UTC offset of the call, in hours from -12 to 14: Oliver's whole number, or a quarter-hour decimal or +HH:MM for offsets with minutes (India 5.5 or +05:30, Newfoundland -3.5 or -03:30, Nepal 5.75 or +05:45). Echoed in hours: a whole number as the same whole number, +05:30 as 5.5. Example: 5.5 */
                timezone?: number | string;
                /** @description http(s) address of the audio; the server downloads it. Example: https://recordings.example.com/calls/9001.wav */
                url: string;
            };
            header?: {
                /** @description Any 1–255 visible ASCII characters, such as the call id of your own system; leave it empty to send none. Within 24 h, the same key from the same client returns the original process (200) and queues nothing; the same key with another file or other parameters is 409. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The client. Example: 7 */
                cid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new process, status 0 (Pending); or the original one for a repeated Idempotency-Key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProcessDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The process was deleted (or, on a result, the result was removed by the retention) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 410,
                     *       "message": "Process with pid 1042 was deleted"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDto"][];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The webhook endpoint. Example: 3 */
                wid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    enableWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The webhook endpoint. Example: 3 */
                wid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The webhook endpoint. Example: 3 */
                wid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDto"];
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No token, or an unknown token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "message": "A valid X-Auth-Token header is required"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description Too many requests; Retry-After says when to come back */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "message": "Too many requests"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "details": {},
                     *       "error": {},
                     *       "info": {},
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": unknown;
                };
            };
            /** @description Not alive */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "details": {},
                     *       "error": {},
                     *       "info": {},
                     *       "status": "error"
                     *     }
                     */
                    "application/json": unknown;
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "info": {
                     *         "database": {
                     *           "status": "up"
                     *         },
                     *         "disk": {
                     *           "freeBytes": 52000000000,
                     *           "status": "up"
                     *         },
                     *         "ffmpeg": {
                     *           "status": "up"
                     *         },
                     *         "redis": {
                     *           "status": "up"
                     *         }
                     *       },
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": unknown;
                };
            };
            /** @description Something it needs is missing; `error` says what */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "redis": {
                     *           "message": "Redis does not answer",
                     *           "status": "down"
                     *         }
                     *       },
                     *       "status": "error"
                     *     }
                     */
                    "application/json": unknown;
                };
            };
        };
    };
    getSignedTimeline: {
        parameters: {
            query: {
                /** @description When the link expires, Unix seconds (from the result) */
                expires: number;
                /** @description HMAC-SHA256 of the link, base64url (from the result) */
                signature: string;
            };
            header?: never;
            path: {
                /** @description The client. Example: 7 */
                cid: number;
                /** @description The process. Example: 1042 */
                pid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The timeline, an SVG picture */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": Blob;
                };
            };
            /** @description A parameter is missing or invalid, or the audio cannot be decoded */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "message": "Invalid request: channels must be one of 1, 2"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The token belongs to another client */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "message": "This token does not give access to client 7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description No such process for this client */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 404,
                     *       "message": "Process with pid 1042 not found"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description On a result: the process was aborted. On a submission: the Idempotency-Key was used with another request. On cancel or reprocess: the process is not in a state that allows it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 409,
                     *       "message": "Cannot send results for Process with pid 1042. The reason is: The audio cannot be decoded"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
            /** @description The job cannot be queued; Retry-After says when to come back */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 503,
                     *       "message": "The service is not available at the moment. Please try again later."
                     *     }
                     */
                    "application/json": components["schemas"]["ApiErrorDto"];
                };
            };
        };
    };
    getStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database takes writes and the queue answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusDto"];
                };
            };
            /** @description The database cannot take writes (it does not answer, its disk is full or it is locked), or the queue does not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusDto"];
                };
            };
        };
    };
}
