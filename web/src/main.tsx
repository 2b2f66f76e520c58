import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AuthProvider } from "./account/auth-context";
import { App } from "./app";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AuthProvider>
        <App />
      </AuthProvider>
    </StrictMode>,
  );
}
