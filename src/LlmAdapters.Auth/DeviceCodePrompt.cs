using System;

namespace LlmAdapters.Auth;

/// <summary>What the user must do to finish a device sign-in: open <see cref="VerificationUri"/> and enter <see cref="UserCode"/>.</summary>
/// <param name="UserCode">The short code the user types.</param>
/// <param name="VerificationUri">The page where the code is entered.</param>
/// <param name="VerificationUriComplete">The page with the code already filled in, when the server offers one.</param>
/// <param name="ExpiresAt">When the code stops working.</param>
public sealed record DeviceCodePrompt(string UserCode, Uri VerificationUri, Uri? VerificationUriComplete, DateTimeOffset ExpiresAt);
