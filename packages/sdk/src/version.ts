/** The SDK's version (its package.json's; a test keeps them equal). A bundle records it and refuses another. */
export const SDK_VERSION = "0.1.0";
